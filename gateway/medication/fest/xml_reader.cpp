// Expat-driven streaming reader: local names, kith attributes, trimmed text, DTD/entity refusal.
#include "medication/fest/xml_reader.hpp"

#include <expat.h>

#include <memory>
#include <vector>

namespace gateway::medication {
namespace {

constexpr char kNamespaceSeparator = '\x01';
constexpr int kChunkSize = 64 * 1024;

struct ParserDeleter {
  void operator()(XML_ParserStruct* parser) const { XML_ParserFree(parser); }
};
using ParserPtr = std::unique_ptr<XML_ParserStruct, ParserDeleter>;

std::string_view local_name_of(const XML_Char* qualified) {
  std::string_view name(qualified);
  const auto separator = name.rfind(kNamespaceSeparator);
  return separator == std::string_view::npos ? name : name.substr(separator + 1);
}

std::string_view trimmed(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

class ExpatSession {
 public:
  explicit ExpatSession(XmlContentHandler& handler) : handler_(handler) {}

  std::optional<ImportError> run(ByteSource& source, const ProgressCallback& progress) {
    ParserPtr parser(XML_ParserCreateNS(nullptr, kNamespaceSeparator));
    if (!parser) return ImportError{"cannot create the XML parser", 0, 0, ""};
    parser_ = parser.get();
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &ExpatSession::on_start, &ExpatSession::on_end);
    XML_SetCharacterDataHandler(parser_, &ExpatSession::on_text);
    XML_SetStartDoctypeDeclHandler(parser_, &ExpatSession::on_doctype);
    XML_SetEntityDeclHandler(parser_, &ExpatSession::on_entity_declaration);
    XML_SetExternalEntityRefHandler(parser_, &ExpatSession::on_external_entity);
    XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);

    for (;;) {
      void* buffer = XML_GetBuffer(parser_, kChunkSize);
      if (buffer == nullptr) return error_at("out of memory");
      auto read = source.read(static_cast<char*>(buffer), kChunkSize);
      if (auto* message = std::get_if<std::string>(&read)) return error_at(*message);
      const auto count = std::get<std::size_t>(read);
      const bool last = count == 0;
      if (XML_ParseBuffer(parser_, static_cast<int>(count), last) == XML_STATUS_ERROR) {
        if (error_) return error_;
        return error_at(XML_ErrorString(XML_GetErrorCode(parser_)));
      }
      if (progress) progress(source.bytes_consumed(), source.bytes_total());
      if (last) return std::nullopt;
    }
  }

 private:
  ImportError error_at(std::string message) const {
    const auto line = static_cast<int>(XML_GetCurrentLineNumber(parser_));
    const auto column = static_cast<int>(XML_GetCurrentColumnNumber(parser_)) + 1;
    std::string element = depth_ > 0 ? open_elements_[depth_ - 1] : std::string();
    return ImportError{std::move(message), line, column, std::move(element)};
  }

  void stop(std::string message) {
    if (!error_) error_ = error_at(std::move(message));
    XML_StopParser(parser_, XML_FALSE);
  }

  void push_open_element(std::string_view local) {
    if (depth_ < open_elements_.size()) {
      open_elements_[depth_].assign(local);
    } else {
      open_elements_.emplace_back(local);
    }
    ++depth_;
  }

  void capture_attributes(const XML_Char** attributes) {
    attributes_.v.clear();
    attributes_.s.clear();
    attributes_.dn.clear();
    attributes_.ot.clear();
    attributes_.u.clear();
    attributes_.has_v = false;
    for (int i = 0; attributes[i] != nullptr; i += 2) {
      const std::string_view name = local_name_of(attributes[i]);
      const char* value = attributes[i + 1];
      if (name == "V") {
        attributes_.v.assign(value);
        attributes_.has_v = true;
      } else if (name == "S") {
        attributes_.s.assign(value);
      } else if (name == "DN") {
        attributes_.dn.assign(value);
      } else if (name == "OT") {
        attributes_.ot.assign(value);
      } else if (name == "U") {
        attributes_.u.assign(value);
      }
    }
  }

  // After stop() expat may still report the end of an empty element (<X/>): nothing more
  // reaches the handler, whose state no longer matches the document.
  void start(const XML_Char* name, const XML_Char** attributes) {
    if (error_) return;
    const std::string_view local = local_name_of(name);
    push_open_element(local);
    if (skip_from_depth_ != 0) return;
    text_.clear();
    last_started_depth_ = depth_;
    capture_attributes(attributes);
    auto action = handler_.start_element(local);
    if (auto* failure = std::get_if<HandlerError>(&action)) return stop(failure->message);
    if (std::get<ElementAction>(action) == ElementAction::skip) skip_from_depth_ = depth_;
  }

  void end(const XML_Char* name) {
    if (error_) return;
    if (skip_from_depth_ != 0) {
      if (skip_from_depth_ == depth_) skip_from_depth_ = 0;
      --depth_;
      return;
    }
    const bool leaf = last_started_depth_ == depth_;
    const ElementContent content{trimmed(text_), leaf ? attributes_ : no_attributes_};
    if (auto failure = handler_.end_element(local_name_of(name), content)) {
      return stop(failure->message);
    }
    text_.clear();
    --depth_;
  }

  static void XMLCALL on_start(void* self, const XML_Char* name, const XML_Char** attributes) {
    static_cast<ExpatSession*>(self)->start(name, attributes);
  }
  static void XMLCALL on_end(void* self, const XML_Char* name) {
    static_cast<ExpatSession*>(self)->end(name);
  }
  static void XMLCALL on_text(void* self, const XML_Char* text, int length) {
    auto* session = static_cast<ExpatSession*>(self);
    if (session->skip_from_depth_ == 0)
      session->text_.append(text, static_cast<std::size_t>(length));
  }
  static void XMLCALL on_doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*,
                                 int) {
    static_cast<ExpatSession*>(self)->stop("DOCTYPE declarations are not allowed");
  }
  static void XMLCALL on_entity_declaration(void* self, const XML_Char*, int, const XML_Char*, int,
                                            const XML_Char*, const XML_Char*, const XML_Char*,
                                            const XML_Char*) {
    static_cast<ExpatSession*>(self)->stop("entity declarations are not allowed");
  }
  static int XMLCALL on_external_entity(XML_Parser, const XML_Char*, const XML_Char*,
                                        const XML_Char*, const XML_Char*) {
    return XML_STATUS_ERROR;  // never load external entities
  }

  XmlContentHandler& handler_;
  XML_Parser parser_ = nullptr;
  std::vector<std::string> open_elements_;  // local names, reused across elements
  std::size_t depth_ = 0;
  std::size_t last_started_depth_ = 0;
  std::size_t skip_from_depth_ = 0;  // 0: not skipping
  std::string text_;
  KithAttributes attributes_;
  const KithAttributes no_attributes_;
  std::optional<ImportError> error_;
};

}  // namespace

std::optional<ImportError> read_xml(ByteSource& source, XmlContentHandler& handler,
                                    const ProgressCallback& progress) {
  ExpatSession session(handler);
  return session.run(source, progress);
}

}  // namespace gateway::medication
