// libFuzzer target: raw bytes -> Beast request parser (server limits) -> fhir::Request -> app
// pipeline.
#include <boost/beast/http.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "app/core_routes.hpp"
#include "app/pipeline.hpp"
#include "fhir/json.hpp"
#include "http/gzip.hpp"
#include "http/message_conversion.hpp"
#include "http/server_options.hpp"

namespace {

namespace bhttp = boost::beast::http;
using namespace gateway;

// The core routes plus protected ones whose handlers must never run without a trust layer.
struct App {
  ops::MetricsRegistry metrics;
  ops::Readiness readiness;
  std::shared_ptr<const fhir::Router> router = make_router();
  app::Pipeline pipeline{app::PipelineParts{router, {}, {}, nullptr, {}, {}}};

  std::shared_ptr<const fhir::Router> make_router() {
    auto table = std::make_shared<fhir::Router>();
    for (auto& route : app::core_routes(
             std::make_shared<const std::string>(R"({"resourceType":"CapabilityStatement"})"),
             metrics, readiness)) {
      table->add(std::move(route));
    }
    const auto unreachable = [](const fhir::Request&) -> fhir::Response { __builtin_trap(); };
    table->add({"GET", "/fhir/Medication/{id}", unreachable, fhir::Access::grunndata,
                fhir::Interaction::read, "Medication"});
    fhir::Route search{"POST",
                       "/fhir/Medication/_search",
                       unreachable,
                       fhir::Access::grunndata,
                       fhir::Interaction::search_type,
                       "Medication"};
    search.accepts = fhir::Body::form;
    table->add(std::move(search));
    return table;
  }
};

bool is_fhir_path(std::string_view path) { return path == "/fhir" || path.starts_with("/fhir/"); }

bool is_operation_outcome(std::string_view body) {
  const auto json = fhir::Json::parse(body, nullptr, false);
  return json.is_object() && json.contains("resourceType") &&
         json["resourceType"] == "OperationOutcome";
}

bool is_known_route(const fhir::Router& router, std::string_view route) {
  if (route == "unmatched") return true;
  for (const auto& r : router.routes()) {
    if (r.pattern == route) return true;
  }
  return false;
}

// What the connection does with one complete request; false when it would close afterwards.
bool serve(const App& app, bhttp::request<bhttp::string_body> message) {
  const bool keep_alive = message.keep_alive();
  http::accepts_gzip(message[bhttp::field::accept_encoding]);
  auto request = http::detail::to_fhir_request(std::move(message));
  if (!request) return false;  // answered 400, connection closed
  if (auto id = request->header("x-request-id")) http::detail::is_acceptable_request_id(*id);
  const bool fhir_path = is_fhir_path(request->path);
  const http::Outcome out = app.pipeline.handle_now(std::move(*request));
  const int status = out.response.status;
  if (status < 100 || status > 599) __builtin_trap();
  const bool success = (status >= 200 && status < 300) || status == 304;
  if (fhir_path && !success && !is_operation_outcome(out.response.body_view())) {
    __builtin_trap();
  }
  // Metrics and logs label by route template: never by anything the client sent.
  if (!is_known_route(*app.router, out.context.route_template())) __builtin_trap();
  return keep_alive;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const App app;
  static const http::ServerOptions limits;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  while (!rest.empty()) {  // pipelined requests on one connection
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    parser.body_limit(limits.max_body_bytes);
    parser.eager(true);
    boost::beast::error_code ec;
    while (!ec && !parser.is_done() && !rest.empty()) {
      const std::size_t used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
      rest.remove_prefix(used);
      if (used == 0 && !ec) break;
    }
    if (ec || !parser.is_done()) return 0;  // malformed or incomplete: error reply or close
    if (!serve(app, parser.release())) return 0;
  }
  return 0;
}
