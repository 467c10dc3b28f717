// Why a FEST import failed: the error type of the importer, from the XML reader up.
#pragma once

#include <string>

namespace gateway::medication {

// Why an import failed. line/column are 1-based positions in the XML (0 when the failure is not
// in the XML itself, e.g. an unreadable file); element is the innermost open element (local name).
struct ImportError {
  std::string message;
  int line = 0;
  int column = 0;
  std::string element;
};

}  // namespace gateway::medication
