// Applies an incremental FEST extract (upserts and Status "U" expiries) to a full catalog.
#pragma once

#include "medication/fest/model.hpp"

namespace gateway::medication {

// Returns `base` updated with `delta`: first every UtgattOppforing of delta removes the object of
// its catalog whose current Oppforing id equals the expired Oppf/Id, then every object of delta
// replaces or adds the object with the same key. HentetDato becomes delta's.
// Pass a copy to keep the current catalog untouched: apply_incremental(current, std::move(delta)).
FestCatalog apply_incremental(FestCatalog base, FestCatalog delta);

}  // namespace gateway::medication
