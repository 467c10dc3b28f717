// The narrative XHTML rules (txt-1, txt-2): what passes and why the rest does not.
#include "validation/narrative_check.hpp"

#include <gtest/gtest.h>

namespace gateway::validation {
namespace {

constexpr const char* kOpen = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";

std::string div(const std::string& body) { return kOpen + body + "</div>"; }

TEST(NarrativeCheck, BasicFormattingPasses) {
  EXPECT_EQ(narrative_problem(div("<p>Allergy to <b>penicillin</b></p><table><tr><td>x</td></tr>"
                                  "</table><a href=\"https://example.org\">more</a>")),
            "");
  EXPECT_EQ(narrative_problem(div("<img src=\"#photo\" alt=\"\"/>")), "");
  EXPECT_EQ(narrative_problem(div("caf&#233; &amp; &lt;tea&gt;")), "");
}

TEST(NarrativeCheck, RootMustBeAnXhtmlDiv) {
  EXPECT_NE(narrative_problem("<div>text</div>"), "");
  EXPECT_NE(narrative_problem("<p xmlns=\"http://www.w3.org/1999/xhtml\">text</p>"), "");
  EXPECT_NE(narrative_problem("plain text"), "");
}

TEST(NarrativeCheck, ActiveAndDocumentContentIsRefused) {
  EXPECT_EQ(narrative_problem(div("<script>alert(1)</script>")),
            "<script> is not allowed in a narrative");
  EXPECT_EQ(narrative_problem(div("<form><input/></form>")),
            "<form> is not allowed in a narrative");
  EXPECT_EQ(narrative_problem(div("<iframe src=\"x\"></iframe>")),
            "<iframe> is not allowed in a narrative");
  EXPECT_EQ(narrative_problem(div("<p onclick=\"x()\">text</p>")),
            "event attribute onclick is not allowed");
  EXPECT_EQ(narrative_problem(div("<a href=\" JavaScript:x()\">text</a>")),
            "javascript: links are not allowed");
}

TEST(NarrativeCheck, MalformedOrEmptyIsRefused) {
  EXPECT_NE(narrative_problem(div("<p>unclosed")), "");
  EXPECT_NE(narrative_problem(div("&nbsp;")), "");  // HTML entities are not XML
  EXPECT_EQ(narrative_problem(div("  \n ")), "the narrative has no text");
  EXPECT_EQ(narrative_problem("<!DOCTYPE div [<!ENTITY a \"b\">]>" + div("&a;")),
            "a DOCTYPE is not allowed in a narrative");
}

}  // namespace
}  // namespace gateway::validation
