// FEST import entry points: open the input, stream it through expat into a new FestCatalog.
#include "medication/fest/import.hpp"

#include "medication/fest/byte_source.hpp"
#include "medication/fest/catalog_builder.hpp"
#include "medication/fest/xml_reader.hpp"

namespace gateway::medication {
namespace {

ImportResult import_from(ByteSource& source, const ImportOptions& options) {
  CatalogBuilder builder;
  if (auto error = read_xml(source, builder, options.progress)) return std::move(*error);
  return builder.take_catalog();
}

}  // namespace

ImportResult import_fest_file(const std::string& path, const ImportOptions& options) {
  auto source = open_byte_source(path);
  if (auto* message = std::get_if<std::string>(&source)) {
    return ImportError{std::move(*message), 0, 0, ""};
  }
  return import_from(*std::get<std::unique_ptr<ByteSource>>(source), options);
}

ImportResult import_fest_stream(std::istream& input, const ImportOptions& options) {
  auto source = make_stream_source(input);
  return import_from(*source, options);
}

ImportResult import_fest_memory(std::string_view xml, const ImportOptions& options) {
  auto source = make_memory_source(xml);
  return import_from(*source, options);
}

}  // namespace gateway::medication
