// The connection logic over Beast's test::stream: no sockets, no sleeps. Pipelined requests
// are answered in order, an answer may come from another thread, limits are reported as
// typed transport errors that the application renders, a chunked trailer never reaches the
// handler as header fields, and a stream that fails at any operation (fail_count) closes
// the connection cleanly.
#include <gtest/gtest.h>

#include <boost/beast/_experimental/test/stream.hpp>

#include <fcntl.h>

#include <thread>

#include "app/transport_errors.hpp"
#include "http/connection.hpp"

namespace gateway::http {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using detail::Connection;
using detail::ServerState;
using detail::Worker;

class TestConnection : public Connection<TestConnection>,
                       public std::enable_shared_from_this<TestConnection> {
 public:
  TestConnection(beast::test::stream&& stream, std::shared_ptr<ServerState> state, Worker& worker)
      : Connection(std::move(state), worker), stream_(std::move(stream)) {}
  void run() { start_read(); }
  void close() {
    phase_ = Phase::none;
    stream_.close();
  }
  void cancel_io() { stream_.close(); }
  beast::test::stream& stream() { return stream_; }

 private:
  beast::test::stream stream_;
};

struct Harness {
  ops::MetricsRegistry metrics;
  ops::Logger logger{::open("/dev/null", O_WRONLY | O_CLOEXEC)};
  Worker worker;
  std::vector<TransportError> rendered;
  std::vector<std::string> exchanges;  // "METHOD status"
  std::shared_ptr<ServerState> state;

  explicit Harness(RequestHandler handle, ServerOptions options = {}) {
    Handlers handlers{std::move(handle),
                      [this](TransportError e) {
                        rendered.push_back(e);
                        return app::render_transport_error(e);
                      },
                      [this](const Exchange& x) {
                        exchanges.push_back(std::string(x.method) + " " + std::to_string(x.status));
                      }};
    state = std::make_shared<ServerState>(std::move(options), std::move(handlers), metrics, logger);
  }

  // Runs one connection over a test stream fed `input`; returns what the client received.
  // `between` runs after the first pass of the io_context (e.g. to let other threads
  // answer), followed by a second pass.
  std::string exchange(std::string_view input, beast::test::fail_count* fail = nullptr,
                       const std::function<void()>& between = {}) {
    auto executor = worker.ioc.get_executor();
    beast::test::stream server =
        fail ? beast::test::stream(worker.ioc, *fail) : beast::test::stream(executor);
    beast::test::stream client(executor);
    server.connect(client);
    client.write_size(input.size());
    net::write(client, net::buffer(input.data(), input.size()));
    client.close();  // end of input: the connection ends after answering
    std::make_shared<TestConnection>(std::move(server), state, worker)->run();
    worker.ioc.run_for(std::chrono::seconds(5));
    worker.ioc.restart();
    if (between) {
      between();
      worker.ioc.run_for(std::chrono::seconds(5));
      worker.ioc.restart();
    }
    return std::string(client.str());
  }
};

void echo(fhir::Request request, Respond respond) {
  Outcome out;
  out.response = fhir::make_response(200, request.method + " " + request.target, "text/plain");
  out.context = std::move(request.context);
  respond(std::move(out));
}

std::size_t count(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

TEST(Connection, PipelinedRequestsAreAnsweredInOrder) {
  Harness h(echo);
  const std::string out = h.exchange(
      "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
      "GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(count(out, "HTTP/1.1 200 OK"), 3u) << out;
  const auto a = out.find("GET /a"), b = out.find("POST /b"), c = out.find("GET /c");
  ASSERT_NE(c, std::string::npos) << out;
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_EQ(h.exchanges, (std::vector<std::string>{"GET 200", "POST 200", "GET 200"}));
  EXPECT_EQ(h.state->open_connections.load(), 0u);
}

TEST(Connection, AnAnswerFromAnotherThreadIsWrittenOnTheConnectionsOwnThread) {
  std::thread::id written_on;
  std::vector<std::thread> workers;
  Harness h([&](fhir::Request request, Respond respond) {
    workers.emplace_back([request = std::move(request), respond = std::move(respond)]() mutable {
      echo(std::move(request), std::move(respond));
    });
  });
  h.state->handlers.on_exchange = [&](const Exchange&) { written_on = std::this_thread::get_id(); };
  const std::string out = h.exchange("GET /later HTTP/1.1\r\nHost: x\r\n\r\n", nullptr, [&] {
    for (auto& t : workers) t.join();  // the answer is now posted to the connection's executor
  });
  EXPECT_NE(out.find("GET /later"), std::string::npos) << out;
  EXPECT_EQ(written_on, std::this_thread::get_id());  // the test thread runs the io_context
}

TEST(Connection, LimitsAreTypedErrorsRenderedByTheApplication) {
  ServerOptions options;
  options.max_header_bytes = 1024;
  options.max_body_bytes = 10;
  Harness h(echo, options);
  std::string out =
      h.exchange("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n");
  EXPECT_NE(out.find("HTTP/1.1 431"), std::string::npos) << out;
  EXPECT_NE(out.find("OperationOutcome"), std::string::npos);
  EXPECT_NE(out.find("Connection: close"), std::string::npos);
  out = h.exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world");
  EXPECT_NE(out.find("HTTP/1.1 413"), std::string::npos) << out;
  out = h.exchange("NOT HTTP AT ALL\r\n\r\n");
  EXPECT_NE(out.find("HTTP/1.1 400"), std::string::npos) << out;
  EXPECT_EQ(h.rendered, (std::vector<TransportError>{TransportError::header_too_large,
                                                     TransportError::body_too_large,
                                                     TransportError::malformed_request}));
}

// Answers with the request's header fields, one "name: value" per line.
void echo_headers(fhir::Request request, Respond respond) {
  std::string text;
  for (const auto& h : request.headers) text += h.name + ": " + h.value + "\n";
  Outcome out;
  out.response = fhir::make_response(200, text, "text/plain");
  out.context = std::move(request.context);
  respond(std::move(out));
}

std::string chunked_post(std::string_view headers, std::string_view trailer) {
  return "POST /fhir/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n" +
         std::string(headers) + "\r\n5\r\nhello\r\n0\r\n" + std::string(trailer) + "\r\n";
}

TEST(Connection, TrailerFieldsAreDroppedBeforeTheHandler) {
  Harness h(echo_headers);
  const std::string out =
      h.exchange(chunked_post("Accept: application/fhir+json\r\nX-Note: from-header\r\n",
                              "X-Note: from-trailer\r\nAccept: text/evil\r\nX-Trace: t1\r\n"));
  EXPECT_NE(out.find("HTTP/1.1 200"), std::string::npos) << out;
  EXPECT_NE(out.find("x-note: from-header"), std::string::npos) << out;
  EXPECT_NE(out.find("accept: application/fhir+json"), std::string::npos) << out;
  EXPECT_EQ(out.find("from-trailer"), std::string::npos) << out;
  EXPECT_EQ(out.find("text/evil"), std::string::npos) << out;
  EXPECT_EQ(out.find("x-trace"), std::string::npos) << out;
  EXPECT_TRUE(h.rendered.empty());
}

TEST(Connection, CredentialsInATrailerAreRefusedWithoutReachingTheHandler) {
  bool handled = false;
  Harness h([&](fhir::Request request, Respond respond) {
    handled = true;
    echo_headers(std::move(request), std::move(respond));
  });
  const std::vector<std::string> trailers = {
      "Authorization: DPoP stolen.token.here\r\nDPoP: a.b.c\r\n",
      "authorization: Bearer x\r\n",
      "X-Request-Id: spoofed-id-42\r\n",
      "Host: internal.example\r\n",
      "Content-Type: application/fhir+json\r\n",
      "X-Harmless: 1\r\nDPoP: a.b.c\r\n",
  };
  for (const auto& trailer : trailers) {
    const std::string out = h.exchange(chunked_post("", trailer));
    EXPECT_NE(out.find("HTTP/1.1 400"), std::string::npos) << trailer << out;
    EXPECT_NE(out.find("OperationOutcome"), std::string::npos) << trailer;
    EXPECT_NE(out.find("Connection: close"), std::string::npos) << trailer;
    EXPECT_EQ(out.find("X-Request-Id: spoofed-id-42"), std::string::npos) << out;
  }
  EXPECT_FALSE(handled);
  EXPECT_EQ(h.rendered,
            std::vector<TransportError>(trailers.size(), TransportError::header_field_in_trailer));
}

TEST(Connection, ATrailerFieldBesideTheSameHeaderFieldIsStillATrailer) {
  // Beast keeps fields of one name together, so this trailer field lands next to the header
  // field, not at the end of the list.
  bool handled = false;
  Harness h([&](fhir::Request request, Respond respond) {
    handled = true;
    echo_headers(std::move(request), std::move(respond));
  });
  const std::string out =
      h.exchange(chunked_post("Authorization: DPoP header-token\r\nX-Last: 1\r\n",
                              "Authorization: DPoP trailer-token\r\n"));
  EXPECT_NE(out.find("HTTP/1.1 400"), std::string::npos) << out;
  EXPECT_FALSE(handled);
}

TEST(Connection, ADroppedTrailerDoesNotReachTheNextRequestOnTheConnection) {
  Harness h(echo_headers);
  const std::string out = h.exchange(chunked_post("X-Note: first\r\n", "X-T: 1\r\n") +
                                     "GET /second HTTP/1.1\r\nHost: x\r\nX-Note: second\r\n\r\n");
  EXPECT_EQ(count(out, "HTTP/1.1 200 OK"), 2u) << out;
  EXPECT_NE(out.find("x-note: second"), std::string::npos) << out;
  EXPECT_EQ(out.find("x-t:"), std::string::npos) << out;
}

TEST(Connection, AHandlerThatThrowsIsA500AndTheConnectionCloses) {
  Harness h([](fhir::Request, Respond) { throw std::runtime_error("bug with internal detail"); });
  const std::string out =
      h.exchange("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(count(out, "HTTP/1.1 500"), 1u) << out;
  EXPECT_EQ(out.find("internal detail"), std::string::npos);
  EXPECT_EQ(h.rendered, std::vector<TransportError>{TransportError::handler_failed});
}

TEST(Connection, AStreamFailingAtAnyOperationClosesCleanly) {
  Harness h(echo);
  const std::string input = "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n";
  for (std::size_t n = 0; n < 8; ++n) {
    beast::test::fail_count fail(n);
    h.exchange(input, &fail);
    EXPECT_EQ(h.state->open_connections.load(), 0u) << "failing at operation " << n;
  }
  beast::test::fail_count never(100);
  EXPECT_EQ(count(h.exchange(input, &never), "HTTP/1.1 200"), 2u);
}

}  // namespace
}  // namespace gateway::http
