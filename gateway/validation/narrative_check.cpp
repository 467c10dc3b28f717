// The narrative check over expat (namespace-aware): a stream of start tags, attributes and
// text, stopped at the first problem.
#include "validation/narrative_check.hpp"

#include <array>
#include <memory>

#include <expat.h>

namespace gateway::validation {
namespace {

constexpr std::string_view kXhtml = "http://www.w3.org/1999/xhtml";
constexpr std::size_t kMaxNarrativeBytes = 1024 * 1024;

// Elements the R4B narrative rules exclude (document structure, scripts, forms, frames,
// objects, external styles and links).
constexpr std::array<std::string_view, 21> kForbidden{
    "html",   "head",     "body",   "script",   "noscript", "form",   "input",
    "select", "option",   "button", "textarea", "base",     "link",   "meta",
    "frame",  "frameset", "iframe", "object",   "embed",    "applet", "style"};

struct Scan {
  XML_Parser parser = nullptr;
  int depth = 0;
  bool text = false;
  std::string problem;

  void fail(std::string why) {
    if (problem.empty()) problem = std::move(why);
    XML_StopParser(parser, XML_FALSE);
  }
};

std::string_view local_name(std::string_view name, std::string_view& space) {
  const std::size_t separator = name.find(' ');
  if (separator == std::string_view::npos) {
    space = {};
    return name;
  }
  space = name.substr(0, separator);
  return name.substr(separator + 1);
}

bool lower_starts_with(std::string_view text, std::string_view prefix) {
  std::size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) ++i;
  if (text.size() - i < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    const char c = text[i + k];
    if ((c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) != prefix[k]) return false;
  }
  return true;
}

void on_start(void* data, const XML_Char* raw_name, const XML_Char** attributes) {
  auto& scan = *static_cast<Scan*>(data);
  std::string_view space;
  const std::string_view name = local_name(raw_name, space);
  if (scan.depth == 0 && (name != "div" || space != kXhtml)) {
    scan.fail("the narrative must be one <div> in the XHTML namespace");
    return;
  }
  if (space != kXhtml) {
    scan.fail("<" + std::string(name) + "> is not in the XHTML namespace");
    return;
  }
  for (std::string_view forbidden : kForbidden) {
    if (name == forbidden) {
      scan.fail("<" + std::string(name) + "> is not allowed in a narrative");
      return;
    }
  }
  for (const XML_Char** attribute = attributes; *attribute != nullptr; attribute += 2) {
    std::string_view attribute_space;
    const std::string_view attribute_name = local_name(attribute[0], attribute_space);
    if (lower_starts_with(attribute_name, "on")) {
      scan.fail("event attribute " + std::string(attribute_name) + " is not allowed");
      return;
    }
    if (!attribute_space.empty() && attribute_space != kXhtml &&
        attribute_space != "http://www.w3.org/XML/1998/namespace") {
      scan.fail("attribute " + std::string(attribute_name) + " from another namespace");
      return;
    }
    if ((attribute_name == "href" || attribute_name == "src") &&
        lower_starts_with(attribute[1], "javascript:")) {
      scan.fail("javascript: links are not allowed");
      return;
    }
  }
  if (name == "img") scan.text = true;
  ++scan.depth;
}

void on_end(void* data, const XML_Char*) { --static_cast<Scan*>(data)->depth; }

void on_text(void* data, const XML_Char* text, int length) {
  auto& scan = *static_cast<Scan*>(data);
  for (int i = 0; i < length && !scan.text; ++i) {
    const char c = text[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') scan.text = true;
  }
}

void on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  static_cast<Scan*>(data)->fail("a DOCTYPE is not allowed in a narrative");
}

struct ParserFree {
  void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};

}  // namespace

std::string narrative_problem(std::string_view xhtml) {
  if (xhtml.size() > kMaxNarrativeBytes) return "the narrative is longer than 1 MB";
  const std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserFree> parser(
      XML_ParserCreateNS("UTF-8", ' '));
  if (!parser) return "the narrative could not be checked";
  Scan scan;
  scan.parser = parser.get();
  XML_SetUserData(parser.get(), &scan);
  XML_SetElementHandler(parser.get(), &on_start, &on_end);
  XML_SetCharacterDataHandler(parser.get(), &on_text);
  // No DTDs: a DOCTYPE (and with it any entity declaration) stops the parse.
  XML_SetStartDoctypeDeclHandler(parser.get(), &on_doctype);
  XML_SetParamEntityParsing(parser.get(), XML_PARAM_ENTITY_PARSING_NEVER);
  const XML_Status status =
      XML_Parse(parser.get(), xhtml.data(), static_cast<int>(xhtml.size()), XML_TRUE);
  if (!scan.problem.empty()) return scan.problem;
  if (status != XML_STATUS_OK) {
    return std::string("the narrative is not well-formed XHTML: ") +
           XML_ErrorString(XML_GetErrorCode(parser.get())) + " at line " +
           std::to_string(XML_GetCurrentLineNumber(parser.get()));
  }
  if (!scan.text) return "the narrative has no text";
  return {};
}

}  // namespace gateway::validation
