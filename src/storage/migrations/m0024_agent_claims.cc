// Migration 24: re-enrolment never takes a device over (issue 17, item 3). A
// machine that enrols again with a known machine id becomes a new agent in
// quarantine that claims the old device (claims_device_id); only a
// technician's approval moves its credential there, and the device then
// remembers which agent record it came from (rebound_from) so the agent can
// be told, with a signature, that it now speaks for this device.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0024 = {24,
                                         "agent re-enrolment claims",
                                         R"SQL(
ALTER TABLE agents ADD COLUMN claims_device_id BIGINT REFERENCES cis(id);
ALTER TABLE agents ADD COLUMN rebound_from BIGINT;
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
