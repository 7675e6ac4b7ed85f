#include "server/cmdb/demo_seed.h"

#include <string>

namespace steward::cmdb {
namespace {

// Creates objects through the service and hands back their ids; picks the
// responsible staff member for each CI round-robin.
class Seeder {
 public:
  Seeder(CmdbService& cmdb, const accounts::Actor& actor, const std::vector<int64_t>& staff)
      : cmdb_(cmdb), actor_(actor), staff_(staff) {}

  Result<int64_t> Customer(Json body) { return IdOf(cmdb_.CreateCustomer(actor_, body)); }
  Result<int64_t> Site(int64_t customer_id, Json body) {
    body["customer_id"] = customer_id;
    return IdOf(cmdb_.CreateSite(actor_, body));
  }
  Status Contact(int64_t customer_id, Json body) {
    body["customer_id"] = customer_id;
    return cmdb_.CreateContact(actor_, body).status();
  }
  // `body` carries everything but the customer and the responsible person.
  Result<int64_t> Ci(int64_t customer_id, Json body) {
    body["customer_id"] = customer_id;
    if (!staff_.empty() && !body.contains("responsible_user_id")) {
      body["responsible_user_id"] = staff_[next_staff_++ % staff_.size()];
    }
    return IdOf(cmdb_.CreateCi(actor_, body));
  }
  Status Relate(int64_t from, int64_t to, const char* kind) {
    return cmdb_.AddRelation(actor_, from, {{"to_ci_id", to}, {"kind", kind}}).status();
  }
  Status Edit(int64_t ci_id, Json patch) { return cmdb_.UpdateCi(actor_, ci_id, patch).status(); }
  Status Document(int64_t customer_id, const char* kind, const char* title, const char* file_name,
                  const std::string& text) {
    return cmdb_.UploadDocument(actor_, {customer_id, kind, title, file_name, text}).status();
  }
  Json Staff(size_t i) const {
    return staff_.empty() ? Json(nullptr) : Json(staff_[i % staff_.size()]);
  }

 private:
  static Result<int64_t> IdOf(const Result<Json>& created) {
    if (!created.ok()) return created.status();
    return created->at("id").get<int64_t>();
  }

  CmdbService& cmdb_;
  const accounts::Actor& actor_;
  const std::vector<int64_t>& staff_;
  size_t next_staff_ = 0;
};

Json Hardware(const char* cpu, int ram_gb, Json disks) {
  return {{"cpu", cpu}, {"ram_gb", ram_gb}, {"disks", std::move(disks)}};
}

Json Windows11Apps() {
  return Json::array({{{"name", "Microsoft 365 Apps for business"}, {"version", "2409"}},
                      {{"name", "Google Chrome"}, {"version", "129.0"}},
                      {{"name", "Adobe Acrobat Reader"}, {"version", "24.003"}}});
}

const char kLawSla[] =
    "Service Level Agreement - Harbor & Vale Law LLP\n"
    "\n"
    "Coverage: Monday to Friday 08:00-18:00, critical incidents 24x7.\n"
    "Response targets: P1 30 minutes, P2 2 hours, P3 8 business hours.\n"
    "Resolution targets: P1 4 hours, P2 1 business day, P3 5 business days.\n"
    "Maintenance window: Saturday 22:00-02:00 with 5 business days' notice.\n"
    "Escalation: service manager, then account manager, then the MSP owner.\n";

const char kDentalDrPlan[] =
    "# Disaster recovery plan - Brightsmile Dental Group\n"
    "\n"
    "Recovery point objective: 1 hour for the practice management database.\n"
    "Recovery time objective: 4 hours for Northgate, 8 hours for Riverside.\n"
    "\n"
    "1. Declare the disaster: practice manager and MSP service manager.\n"
    "2. Restore BSD-SRV01 from the last image to the standby host.\n"
    "3. Restore the Dentrix database from the hourly backup; verify with a test patient.\n"
    "4. Repoint Riverside workstations over the site-to-site VPN.\n"
    "5. Test imaging, scheduling and billing before reopening.\n";

Status SeedLawFirm(Seeder& s, std::vector<int64_t>& ids) {
  STEWARD_ASSIGN_OR_RETURN(int64_t c,
                           s.Customer({{"name", "Harbor & Vale Law LLP"},
                                       {"code", "HVL"},
                                       {"status", "active"},
                                       {"phone", "+1 503 555 0140"},
                                       {"website", "https://harborvale.example"},
                                       {"sla_policy", "levels"},
                                       {"notes",
                                        "18 staff. Client confidentiality: no remote sessions "
                                        "without the office manager's approval."}}));
  ids.push_back(c);
  STEWARD_ASSIGN_OR_RETURN(int64_t office, s.Site(c, {{"name", "Main office"},
                                                      {"address", "200 Harbor Street, Suite 400"},
                                                      {"city", "Portland"},
                                                      {"postal_code", "97204"},
                                                      {"country", "US"},
                                                      {"phone", "+1 503 555 0140"}}));
  STEWARD_RETURN_IF_ERROR(s.Contact(c, {{"name", "Margaret Vale"},
                                        {"title", "Managing Partner"},
                                        {"email", "m.vale@harborvale.example"},
                                        {"phone", "+1 503 555 0141"},
                                        {"site_id", office},
                                        {"is_primary", true}}));
  STEWARD_RETURN_IF_ERROR(s.Contact(c, {{"name", "Daniel Ortiz"},
                                        {"title", "Office Manager"},
                                        {"email", "d.ortiz@harborvale.example"},
                                        {"phone", "+1 503 555 0142"},
                                        {"site_id", office}}));
  STEWARD_RETURN_IF_ERROR(s.Contact(c, {{"name", "Priya Shah"},
                                        {"title", "Litigation Support / IT liaison"},
                                        {"email", "p.shah@harborvale.example"},
                                        {"site_id", office}}));

  STEWARD_ASSIGN_OR_RETURN(int64_t fw,
                           s.Ci(c, {{"kind", "firewall"},
                                    {"name", "HVL-FW01"},
                                    {"site_id", office},
                                    {"make", "Fortinet"},
                                    {"model", "FortiGate 60F"},
                                    {"serial_number", "FGT60FTK2209A1B2"},
                                    {"os_name", "FortiOS"},
                                    {"os_version", "7.2.8"},
                                    {"criticality", "critical"},
                                    {"max_downtime_minutes", 60},
                                    {"warranty_vendor", "Fortinet"},
                                    {"warranty_expires", "2027-09-30"},
                                    {"licences", "FortiCare + UTP bundle, renews 2027-09-30"},
                                    {"migration_date", "2024-03-01"}}));
  STEWARD_ASSIGN_OR_RETURN(int64_t sw, s.Ci(c, {{"kind", "switch"},
                                                {"name", "HVL-SW01"},
                                                {"site_id", office},
                                                {"make", "HPE Aruba"},
                                                {"model", "2930F-24G-PoE+"},
                                                {"serial_number", "CN12KP40XY"},
                                                {"criticality", "high"},
                                                {"max_downtime_minutes", 120},
                                                {"migration_date", "2024-03-01"}}));
  STEWARD_ASSIGN_OR_RETURN(int64_t host,
                           s.Ci(c, {{"kind", "server"},
                                    {"name", "HVL-HV01"},
                                    {"site_id", office},
                                    {"make", "Dell"},
                                    {"model", "PowerEdge R650"},
                                    {"serial_number", "7XK2M93"},
                                    {"hardware", Hardware("2x Intel Xeon Silver 4314", 256,
                                                          Json::array({"4x 1.92 TB SSD RAID 10"}))},
                                    {"os_name", "VMware ESXi"},
                                    {"os_version", "8.0 U2"},
                                    {"warranty_vendor", "Dell ProSupport"},
                                    {"warranty_expires", "2028-06-30"},
                                    {"criticality", "critical"},
                                    {"max_downtime_minutes", 60},
                                    {"migration_date", "2024-03-01"}}));
  STEWARD_ASSIGN_OR_RETURN(
      int64_t dc, s.Ci(c, {{"kind", "server"},
                           {"name", "HVL-DC01"},
                           {"site_id", office},
                           {"make", "VMware"},
                           {"model", "Virtual Machine"},
                           {"hardware", Hardware("4 vCPU", 16, Json::array())},
                           {"os_name", "Windows Server 2022 Standard"},
                           {"os_version", "21H2"},
                           {"software_config", "Domain controller, DNS, DHCP for 10.20.0.0/24"},
                           {"criticality", "critical"},
                           {"max_downtime_minutes", 60}}));
  STEWARD_ASSIGN_OR_RETURN(
      int64_t fs, s.Ci(c, {{"kind", "server"},
                           {"name", "HVL-FS01"},
                           {"site_id", office},
                           {"make", "VMware"},
                           {"model", "Virtual Machine"},
                           {"hardware", Hardware("8 vCPU", 32, Json::array())},
                           {"os_name", "Windows Server 2022 Standard"},
                           {"os_version", "21H2"},
                           {"installed_software",
                            Json::array({{{"name", "iManage Work Server"}, {"version", "10.4"}},
                                         {{"name", "Veeam Agent"}, {"version", "6.1"}}})},
                           {"criticality", "high"},
                           {"max_downtime_minutes", 240}}));
  STEWARD_ASSIGN_OR_RETURN(int64_t dms,
                           s.Ci(c, {{"kind", "service"},
                                    {"name", "Document management (iManage)"},
                                    {"criticality", "critical"},
                                    {"max_downtime_minutes", 120},
                                    {"notes", "Matter files for all practice groups."}}));
  STEWARD_RETURN_IF_ERROR(s.Ci(c, {{"kind", "ups"},
                                   {"name", "HVL-UPS01"},
                                   {"site_id", office},
                                   {"make", "APC"},
                                   {"model", "Smart-UPS 1500 SMT1500RMI2U"},
                                   {"serial_number", "AS2231123456"},
                                   {"warranty_vendor", "APC"},
                                   {"warranty_expires", "2026-11-30"},
                                   {"criticality", "high"}})
                              .status());
  STEWARD_RETURN_IF_ERROR(s.Ci(c, {{"kind", "printer"},
                                   {"name", "HVL-PRN01"},
                                   {"site_id", office},
                                   {"make", "HP"},
                                   {"model", "LaserJet Enterprise M607"},
                                   {"serial_number", "PHBCR12345"},
                                   {"criticality", "low"}})
                              .status());
  for (int i = 1; i <= 3; ++i) {
    std::string n = std::to_string(i);
    STEWARD_RETURN_IF_ERROR(
        s.Ci(c, {{"kind", "workstation"},
                 {"name", "HVL-WS0" + n},
                 {"site_id", office},
                 {"make", "Dell"},
                 {"model", "OptiPlex 7010"},
                 {"serial_number", "HVLWS" + n + "J7Q"},
                 {"hardware", Hardware("Intel Core i5-13500", 16, Json::array({"512 GB NVMe"}))},
                 {"os_name", "Windows 11 Pro"},
                 {"os_version", "23H2"},
                 {"installed_software", Windows11Apps()},
                 {"warranty_vendor", "Dell"},
                 {"warranty_expires", "2027-02-28"},
                 {"criticality", "medium"}})
            .status());
  }
  STEWARD_RETURN_IF_ERROR(s.Ci(c, {{"kind", "laptop"},
                                   {"name", "HVL-LT01"},
                                   {"make", "Lenovo"},
                                   {"model", "ThinkPad T14 Gen 4"},
                                   {"serial_number", "PF4ABC12"},
                                   {"os_name", "Windows 11 Pro"},
                                   {"os_version", "23H2"},
                                   {"installed_software", Windows11Apps()},
                                   {"criticality", "medium"},
                                   {"notes", "Managing partner's laptop; BitLocker enforced."}})
                              .status());
  STEWARD_RETURN_IF_ERROR(s.Ci(c, {{"kind", "software"},
                                   {"name", "Microsoft 365 Business Premium"},
                                   {"make", "Microsoft"},
                                   {"licences", "25 seats, annual commitment, renews 2027-03-31"},
                                   {"criticality", "high"}})
                              .status());

  STEWARD_RETURN_IF_ERROR(s.Relate(dc, host, "runs_on"));
  STEWARD_RETURN_IF_ERROR(s.Relate(fs, host, "runs_on"));
  STEWARD_RETURN_IF_ERROR(s.Relate(dms, fs, "depends_on"));
  STEWARD_RETURN_IF_ERROR(s.Relate(sw, fw, "connected_to"));
  STEWARD_RETURN_IF_ERROR(s.Edit(dc, {{"os_version", "21H2 (build 20348.2762)"}}));
  STEWARD_RETURN_IF_ERROR(s.Edit(fw, {{"os_version", "7.2.9"}}));
  return s.Document(c, "sla", "Service Level Agreement 2026", "hvl-sla-2026.txt", kLawSla);
}

Status SeedDentalGroup(Seeder& s, std::vector<int64_t>& ids) {
  STEWARD_ASSIGN_OR_RETURN(
      int64_t c, s.Customer({{"name", "Brightsmile Dental Group"},
                             {"code", "BSD"},
                             {"status", "active"},
                             {"phone", "+1 503 555 0210"},
                             {"website", "https://brightsmile.example"},
                             {"notes", "Two clinics. Patient data: HIPAA safeguards apply."}}));
  ids.push_back(c);
  STEWARD_ASSIGN_OR_RETURN(int64_t north, s.Site(c, {{"name", "Northgate Clinic"},
                                                     {"address", "1450 NE Northgate Blvd"},
                                                     {"city", "Portland"},
                                                     {"postal_code", "97211"},
                                                     {"country", "US"}}));
  STEWARD_ASSIGN_OR_RETURN(int64_t river, s.Site(c, {{"name", "Riverside Clinic"},
                                                     {"address", "88 Riverside Drive"},
                                                     {"city", "Milwaukie"},
                                                     {"postal_code", "97222"},
                                                     {"country", "US"}}));
  STEWARD_RETURN_IF_ERROR(s.Contact(c, {{"name", "Helen Park"},
                                        {"title", "Practice Manager"},
                                        {"email", "helen.park@brightsmile.example"},
                                        {"phone", "+1 503 555 0211"},
                                        {"site_id", north},
                                        {"is_primary", true}}));
  STEWARD_RETURN_IF_ERROR(s.Contact(c, {{"name", "Dr. Samuel Okafor"},
                                        {"title", "Owner, DDS"},
                                        {"email", "s.okafor@brightsmile.example"},
                                        {"site_id", north}}));
  STEWARD_RETURN_IF_ERROR(s.Contact(c, {{"name", "Lucia Romero"},
                                        {"title", "Front Desk Lead"},
                                        {"email", "frontdesk.riverside@brightsmile.example"},
                                        {"phone", "+1 503 555 0220"},
                                        {"site_id", river}}));

  STEWARD_ASSIGN_OR_RETURN(int64_t fw, s.Ci(c, {{"kind", "firewall"},
                                                {"name", "BSD-FW01"},
                                                {"site_id", north},
                                                {"make", "SonicWall"},
                                                {"model", "TZ370"},
                                                {"serial_number", "2CB8ED123456"},
                                                {"os_name", "SonicOS"},
                                                {"os_version", "7.0.1"},
                                                {"criticality", "critical"},
                                                {"max_downtime_minutes", 30},
                                                {"warranty_vendor", "SonicWall"},
                                                {"warranty_expires", "2027-01-31"}}));
  STEWARD_ASSIGN_OR_RETURN(int64_t sw1, s.Ci(c, {{"kind", "switch"},
                                                 {"name", "BSD-SW01"},
                                                 {"site_id", north},
                                                 {"make", "Ubiquiti"},
                                                 {"model", "USW-Pro-24-PoE"},
                                                 {"serial_number", "F4E2C6A1B201"},
                                                 {"criticality", "high"}}));
  STEWARD_RETURN_IF_ERROR(s.Ci(c, {{"kind", "switch"},
                                   {"name", "BSD-SW02"},
                                   {"site_id", river},
                                   {"make", "Ubiquiti"},
                                   {"model", "USW-Lite-16-PoE"},
                                   {"serial_number", "F4E2C6A1B202"},
                                   {"criticality", "high"}})
                              .status());
  STEWARD_ASSIGN_OR_RETURN(
      int64_t srv,
      s.Ci(c, {{"kind", "server"},
               {"name", "BSD-SRV01"},
               {"site_id", north},
               {"make", "HPE"},
               {"model", "ProLiant ML350 Gen11"},
               {"serial_number", "CZJ3140ABC"},
               {"hardware", Hardware("Intel Xeon Silver 4410Y", 64,
                                     Json::array({"2x 960 GB SSD RAID 1", "4x 4 TB HDD RAID 5"}))},
               {"os_name", "Windows Server 2022 Standard"},
               {"os_version", "21H2"},
               {"installed_software",
                Json::array({{{"name", "Dentrix G7 Server"}, {"version", "7.5"}},
                             {{"name", "Microsoft SQL Server 2019"}, {"version", "15.0"}}})},
               {"warranty_vendor", "HPE Foundation Care"},
               {"warranty_expires", "2028-10-31"},
               {"criticality", "critical"},
               {"max_downtime_minutes", 60},
               {"migration_date", "2025-01-15"}}));
  STEWARD_ASSIGN_OR_RETURN(int64_t dentrix,
                           s.Ci(c, {{"kind", "software"},
                                    {"name", "Dentrix G7"},
                                    {"make", "Henry Schein One"},
                                    {"licences", "Practice licence, 12 concurrent users"},
                                    {"criticality", "critical"},
                                    {"max_downtime_minutes", 60}}));
  STEWARD_RETURN_IF_ERROR(s.Ci(c, {{"kind", "workstation"},
                                   {"name", "BSD-WS01"},
                                   {"site_id", north},
                                   {"make", "HP"},
                                   {"model", "EliteDesk 800 G9"},
                                   {"serial_number", "MXL3021ABC"},
                                   {"os_name", "Windows 11 Pro"},
                                   {"os_version", "23H2"},
                                   {"installed_software", Windows11Apps()}})
                              .status());
  STEWARD_RETURN_IF_ERROR(s.Ci(c, {{"kind", "workstation"},
                                   {"name", "BSD-WS02"},
                                   {"site_id", river},
                                   {"make", "HP"},
                                   {"model", "EliteDesk 800 G9"},
                                   {"serial_number", "MXL3021ABD"},
                                   {"os_name", "Windows 11 Pro"},
                                   {"os_version", "23H2"}})
                              .status());
  STEWARD_RETURN_IF_ERROR(s.Ci(c, {{"kind", "printer"},
                                   {"name", "BSD-PRN01"},
                                   {"site_id", river},
                                   {"make", "Brother"},
                                   {"model", "MFC-L8900CDW"},
                                   {"serial_number", "U64123A1N123456"},
                                   {"criticality", "low"}})
                              .status());
  STEWARD_RETURN_IF_ERROR(s.Ci(c, {{"kind", "ups"},
                                   {"name", "BSD-UPS01"},
                                   {"site_id", north},
                                   {"make", "Eaton"},
                                   {"model", "5PX 1500"},
                                   {"serial_number", "GA123A0456"},
                                   {"warranty_expires", "2026-05-31"}})
                              .status());
  STEWARD_RETURN_IF_ERROR(s.Ci(c, {{"kind", "phone"},
                                   {"name", "BSD-PH-RECEPTION"},
                                   {"site_id", river},
                                   {"make", "Yealink"},
                                   {"model", "T54W"},
                                   {"serial_number", "805090G112233445"},
                                   {"criticality", "medium"}})
                              .status());
  STEWARD_RETURN_IF_ERROR(s.Ci(c, {{"kind", "mobile_device"},
                                   {"name", "BSD-IPAD-CHECKIN"},
                                   {"site_id", north},
                                   {"make", "Apple"},
                                   {"model", "iPad (10th generation)"},
                                   {"serial_number", "DMPXK1ABCD12"},
                                   {"os_name", "iPadOS"},
                                   {"os_version", "17.6"},
                                   {"criticality", "low"}})
                              .status());

  STEWARD_RETURN_IF_ERROR(s.Relate(dentrix, srv, "depends_on"));
  STEWARD_RETURN_IF_ERROR(s.Relate(sw1, fw, "connected_to"));
  STEWARD_RETURN_IF_ERROR(s.Edit(
      srv, {{"hardware", Hardware("Intel Xeon Silver 4410Y", 128,
                                  Json::array({"2x 960 GB SSD RAID 1", "4x 4 TB HDD RAID 5"}))}}));
  return s.Document(c, "dr_plan", "Disaster recovery plan", "bsd-dr-plan.md", kDentalDrPlan);
}

Status SeedManufacturer(Seeder& s, std::vector<int64_t>& ids) {
  STEWARD_ASSIGN_OR_RETURN(int64_t c,
                           s.Customer({{"name", "Kessler Precision Components"},
                                       {"code", "KPC"},
                                       {"status", "onboarding"},
                                       {"phone", "+1 503 555 0330"},
                                       {"website", "https://kessler-precision.example"},
                                       {"notes",
                                        "CNC machining, 45 staff, one shift plus weekend "
                                        "maintenance. Onboarding since last month."}}));
  ids.push_back(c);
  STEWARD_ASSIGN_OR_RETURN(int64_t plant, s.Site(c, {{"name", "Plant and office"},
                                                     {"address", "9100 SW Industrial Way"},
                                                     {"city", "Tualatin"},
                                                     {"postal_code", "97062"},
                                                     {"country", "US"}}));
  STEWARD_RETURN_IF_ERROR(s.Contact(c, {{"name", "Thomas Kessler"},
                                        {"title", "Operations Director"},
                                        {"email", "t.kessler@kessler-precision.example"},
                                        {"phone", "+1 503 555 0331"},
                                        {"site_id", plant},
                                        {"is_primary", true}}));
  STEWARD_RETURN_IF_ERROR(s.Contact(c, {{"name", "Anna Weber"},
                                        {"title", "Maintenance & IT Lead"},
                                        {"email", "a.weber@kessler-precision.example"},
                                        {"phone", "+1 503 555 0335"},
                                        {"site_id", plant}}));

  STEWARD_ASSIGN_OR_RETURN(int64_t rt, s.Ci(c, {{"kind", "router"},
                                                {"name", "KPC-RT01"},
                                                {"site_id", plant},
                                                {"make", "MikroTik"},
                                                {"model", "RB5009UG+S+IN"},
                                                {"serial_number", "HE408A1B2C3"},
                                                {"os_name", "RouterOS"},
                                                {"os_version", "7.15"},
                                                {"criticality", "high"}}));
  STEWARD_ASSIGN_OR_RETURN(int64_t fw, s.Ci(c, {{"kind", "firewall"},
                                                {"name", "KPC-FW01"},
                                                {"site_id", plant},
                                                {"make", "Netgate"},
                                                {"model", "6100"},
                                                {"serial_number", "NG6100-2204-0117"},
                                                {"os_name", "pfSense Plus"},
                                                {"os_version", "24.03"},
                                                {"criticality", "critical"},
                                                {"max_downtime_minutes", 120}}));
  STEWARD_ASSIGN_OR_RETURN(int64_t sw, s.Ci(c, {{"kind", "switch"},
                                                {"name", "KPC-SW01"},
                                                {"site_id", plant},
                                                {"make", "Cisco"},
                                                {"model", "Catalyst 9200L-24P-4G"},
                                                {"serial_number", "JAE24310ABC"},
                                                {"criticality", "high"}}));
  STEWARD_ASSIGN_OR_RETURN(
      int64_t srv,
      s.Ci(c, {{"kind", "server"},
               {"name", "KPC-SRV01"},
               {"site_id", plant},
               {"make", "Lenovo"},
               {"model", "ThinkSystem SR630 V2"},
               {"serial_number", "J30ABC12"},
               {"hardware",
                Hardware("Intel Xeon Gold 5315Y", 128, Json::array({"2x 1.6 TB NVMe RAID 1"}))},
               {"os_name", "Ubuntu Server"},
               {"os_version", "22.04 LTS"},
               {"installed_software", Json::array({{{"name", "PostgreSQL"}, {"version", "15.8"}},
                                                   {{"name", "Odoo"}, {"version", "17.0"}}})},
               {"warranty_vendor", "Lenovo Premier Support"},
               {"warranty_expires", "2027-12-31"},
               {"criticality", "critical"},
               {"max_downtime_minutes", 240},
               {"migration_date", "2026-10-01"}}));
  STEWARD_ASSIGN_OR_RETURN(int64_t erp,
                           s.Ci(c, {{"kind", "service"},
                                    {"name", "ERP (Odoo)"},
                                    {"criticality", "critical"},
                                    {"max_downtime_minutes", 240},
                                    {"notes", "Orders, inventory and shop-floor scheduling."}}));
  STEWARD_ASSIGN_OR_RETURN(
      int64_t cad,
      s.Ci(c, {{"kind", "workstation"},
               {"name", "KPC-CAD01"},
               {"site_id", plant},
               {"make", "HP"},
               {"model", "Z4 G5"},
               {"serial_number", "CZC4123XYZ"},
               {"hardware", Hardware("Intel Xeon w3-2435", 64, Json::array({"2 TB NVMe"}))},
               {"os_name", "Windows 11 Pro for Workstations"},
               {"os_version", "23H2"},
               {"installed_software",
                Json::array({{{"name", "Autodesk Fusion 360"}, {"version", "2.0"}},
                             {{"name", "SolidWorks"}, {"version", "2024 SP3"}}})},
               {"criticality", "high"}}));
  STEWARD_RETURN_IF_ERROR(s.Ci(c, {{"kind", "laptop"},
                                   {"name", "KPC-LT01"},
                                   {"make", "Dell"},
                                   {"model", "Latitude 5440"},
                                   {"serial_number", "5JKL9Z3"},
                                   {"os_name", "Windows 11 Pro"},
                                   {"os_version", "23H2"}})
                              .status());
  STEWARD_RETURN_IF_ERROR(s.Ci(c, {{"kind", "printer"},
                                   {"name", "KPC-PRN01"},
                                   {"site_id", plant},
                                   {"make", "Kyocera"},
                                   {"model", "ECOSYS M3655idn"},
                                   {"serial_number", "VCF1234567"},
                                   {"criticality", "low"}})
                              .status());
  STEWARD_RETURN_IF_ERROR(s.Ci(c, {{"kind", "ups"},
                                   {"name", "KPC-UPS01"},
                                   {"site_id", plant},
                                   {"make", "APC"},
                                   {"model", "Smart-UPS SRT 3000"},
                                   {"serial_number", "AS2301654321"},
                                   {"criticality", "high"}})
                              .status());

  STEWARD_RETURN_IF_ERROR(s.Relate(erp, srv, "depends_on"));
  STEWARD_RETURN_IF_ERROR(s.Relate(sw, fw, "connected_to"));
  STEWARD_RETURN_IF_ERROR(s.Relate(fw, rt, "connected_to"));
  return s.Edit(cad, {{"responsible_user_id", s.Staff(1)},
                      {"notes",
                       "CAD station in the "
                       "engineering office."}});
}

}  // namespace

Status SeedCmdbDemo(CmdbService& cmdb, const accounts::Actor& actor,
                    const std::vector<int64_t>& staff_user_ids,
                    std::vector<int64_t>* customer_ids) {
  Seeder seeder(cmdb, actor, staff_user_ids);
  std::vector<int64_t> ids;
  STEWARD_RETURN_IF_ERROR(SeedLawFirm(seeder, ids));
  STEWARD_RETURN_IF_ERROR(SeedDentalGroup(seeder, ids));
  STEWARD_RETURN_IF_ERROR(SeedManufacturer(seeder, ids));
  if (customer_ids) customer_ids->insert(customer_ids->end(), ids.begin(), ids.end());
  return Status::Ok();
}

}  // namespace steward::cmdb
