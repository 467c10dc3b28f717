// The resource types a reservation or block withholds: documents (DocumentReference, its
// Binary, List as submission set and folder) and critical information (allergies,
// conditions, procedures, flags, implants).
#pragma once

#include <string_view>

namespace gateway::privacy {

bool is_protected_type(std::string_view type);

}  // namespace gateway::privacy
