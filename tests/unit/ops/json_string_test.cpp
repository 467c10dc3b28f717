// append_json_string: the literal it writes parses back to the same text and matches nlohmann.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ops/json_string.hpp"

namespace gateway::ops {

using Json = nlohmann::json;
namespace {

std::string literal(std::string_view text) {
  std::string out = "prefix:";
  append_json_string(out, text);
  return out.substr(7);
}

TEST(AppendJsonString, PlainTextIsQuotedUnchanged) {
  EXPECT_EQ(literal("http://127.0.0.1:8080/fhir/MedicinalProductDefinition/ID-1"),
            "\"http://127.0.0.1:8080/fhir/MedicinalProductDefinition/ID-1\"");
  EXPECT_EQ(literal(""), "\"\"");
}

TEST(AppendJsonString, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(literal("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(literal("line\nnext\ttab\r"), R"("line\nnext\ttab\r")");
  EXPECT_EQ(literal(std::string_view("\x01\x1f", 2)), R"("\u0001\u001f")");
  EXPECT_EQ(literal(std::string_view("nul\0end", 7)), R"("nul\u0000end")");
}

TEST(AppendJsonString, RoundTripsThroughTheParserLikeNlohmann) {
  const std::string samples[] = {"Paracet \xc3\xa6\xc3\xb8\xc3\xa5 500 mg", "q=\"x\"&y=\\z",
                                 std::string("ctl\x02\x7f", 5), "/"};
  for (const std::string& text : samples) {
    const std::string ours = literal(text);
    EXPECT_EQ(Json::parse(ours).get<std::string>(), text);
    EXPECT_EQ(ours, Json(text).dump());
  }
}

}  // namespace
}  // namespace gateway::ops
