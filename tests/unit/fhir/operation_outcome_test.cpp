// The error table and OperationOutcome bodies: status, issue code, no internal detail.
#include "fhir/operation_outcome.hpp"

#include <gtest/gtest.h>

namespace gateway::fhir {
namespace {

TEST(ErrorTable, MapsEveryKindToStatusAndIssueCode) {
  struct Row {
    ErrorKind kind;
    int status;
    std::string_view code;
  };
  const Row rows[] = {
      {ErrorKind::invalid_request, 400, "invalid"},
      {ErrorKind::invalid_search_param, 400, "invalid"},
      {ErrorKind::unauthorized, 401, "login"},
      {ErrorKind::forbidden, 403, "forbidden"},
      {ErrorKind::not_found, 404, "not-found"},
      {ErrorKind::method_not_allowed, 405, "not-supported"},
      {ErrorKind::not_acceptable, 406, "not-supported"},
      {ErrorKind::timeout, 408, "timeout"},
      {ErrorKind::conflict, 409, "conflict"},
      {ErrorKind::gone, 410, "deleted"},
      {ErrorKind::precondition_failed, 412, "conflict"},
      {ErrorKind::payload_too_large, 413, "too-long"},
      {ErrorKind::unsupported_media_type, 415, "not-supported"},
      {ErrorKind::unprocessable, 422, "processing"},
      {ErrorKind::too_many_requests, 429, "throttled"},
      {ErrorKind::header_too_large, 431, "too-long"},
      {ErrorKind::internal, 500, "exception"},
      {ErrorKind::unavailable, 503, "transient"},
  };
  for (const auto& row : rows) {
    const auto m = map_error(row.kind);
    EXPECT_EQ(m.status, row.status);
    EXPECT_EQ(m.issue_code, row.code);
  }
}

TEST(ErrorResponse, IsAnOperationOutcomeWithoutLogDetail) {
  auto error = make_error(ErrorKind::invalid_search_param, "Unknown parameter 'foo'", "foo",
                          "secret internal detail: table medication_index");
  error.headers.push_back({"www-authenticate", "DPoP error=\"invalid_token\""});
  const Response r = error_response(error);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.content_type, kFhirJson);
  EXPECT_EQ(r.header("www-authenticate").value(), "DPoP error=\"invalid_token\"");
  const Json body = Json::parse(r.body_view());
  EXPECT_EQ(body["resourceType"], "OperationOutcome");
  ASSERT_EQ(body["issue"].size(), 1u);
  EXPECT_EQ(body["issue"][0]["severity"], "error");
  EXPECT_EQ(body["issue"][0]["code"], "invalid");
  EXPECT_EQ(body["issue"][0]["diagnostics"], "Unknown parameter 'foo'");
  EXPECT_EQ(body["issue"][0]["expression"][0], "foo");
  EXPECT_EQ(std::string(r.body_view()).find("secret"), std::string::npos);
}

TEST(ErrorResponse, ServerErrorsAreFatal) {
  const Json body = Json::parse(error_response(make_error(ErrorKind::internal, "x")).body_view());
  EXPECT_EQ(body["issue"][0]["severity"], "fatal");
}

TEST(IssuesResponse, CollectsManyIssuesWithPaths) {
  const Response r =
      issues_response(ErrorKind::unprocessable,
                      {{"error", "required", "name is required", "MedicinalProductDefinition.name"},
                       {"warning", "value", "odd code", "MedicinalProductDefinition.type"}});
  EXPECT_EQ(r.status, 422);
  const Json body = Json::parse(r.body_view());
  ASSERT_EQ(body["issue"].size(), 2u);
  EXPECT_EQ(body["issue"][0]["expression"][0], "MedicinalProductDefinition.name");
  EXPECT_EQ(body["issue"][1]["severity"], "warning");
}

}  // namespace
}  // namespace gateway::fhir

namespace gateway::fhir {
namespace {

TEST(ErrorResponse, InvalidUtf8InDiagnosticsIsReplacedNotThrown) {
  const Response r =
      error_response(make_error(ErrorKind::not_found, "Unknown path: /fhir/\xff\xfe"));
  EXPECT_EQ(r.status, 404);
  EXPECT_NO_THROW(static_cast<void>(Json::parse(r.body_view())));
}

}  // namespace
}  // namespace gateway::fhir
