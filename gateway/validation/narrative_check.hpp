// FHIR's rules for narrative XHTML (txt-1 and txt-2, `htmlChecks()`): well-formed XML, one
// <div> in the XHTML namespace at the root, no active or document-level content (scripts,
// forms, frames, objects, head/body, event attributes, javascript: links), some text.
#pragma once

#include <string>
#include <string_view>

namespace gateway::validation {

// Empty when `xhtml` passes, else the first problem found ("<script> is not allowed").
[[nodiscard]] std::string narrative_problem(std::string_view xhtml);

}  // namespace gateway::validation
