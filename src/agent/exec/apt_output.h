// Pure readers of what apt-get and dpkg leave behind when the agent installs
// updates (package_install.h): dpkg's status database, and the log of an
// `apt-get install` run — which package's maintainer script failed with
// which exit status, which package stopped at a configuration-file prompt,
// which requested package apt could not find. Each takes the text and
// returns records; the tests feed them captured output.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace steward::agent {

// One line of a status stanza's Conffiles field: " /etc/foo.conf <md5> [obsolete]".
struct RecordedConffile {
  std::string path;
  // The md5 of the file as the installed version shipped it (what dpkg
  // compares the file on disk with); "newconffile" while the version that
  // introduced it is unpacked but not configured yet.
  std::string md5;
  bool obsolete = false;  // no longer shipped by the installed version
};

// One stanza of /var/lib/dpkg/status.
struct DpkgStatusEntry {
  std::string version;
  std::string state;  // the third word of Status: installed, unpacked, half-configured, ...
  std::vector<RecordedConffile> conffiles;
};

// By package name (a package of several architectures: the first stanza).
// Stanzas without a Package or Status field are skipped.
std::map<std::string, DpkgStatusEntry> ParseDpkgStatus(std::string_view text);

// What an `apt-get install` log says about one package.
struct AptPackageEvents {
  // "dpkg: error processing package NAME (--configure):" or "... archive
  // /path/NAME_1.1_all.deb (--unpack):" was seen.
  bool dpkg_error = false;
  // From "... subprocess returned error exit status N"; -1 when none was named.
  int script_exit_status = -1;
  // dpkg hit EOF on stdin at the prompt about this configuration file
  // (it was changed locally and the new version ships another one).
  std::string conffile_prompt;
  // Its lines of the log ("Unpacking", "Setting up", the error block), in order.
  std::vector<std::string> lines;
};

struct AptInstallLog {
  std::map<std::string, AptPackageEvents> packages;  // by name, without ":arch"
  // apt refused requested packages before dpkg ran: name → the "E:" line
  // ("Unable to locate package x", "Version '9' for 'x' was not found",
  // "Package 'x' has no installation candidate").
  std::map<std::string, std::string> unavailable;
  bool dpkg_ran = false;           // dpkg was at work: unpacking, setting up or failing a package
  std::vector<std::string> lines;  // the whole log, one entry per line, progress overwrites dropped
};

// `text` is apt-get's stdout and stderr (with apt's pty, dpkg's messages are
// on stdout; carriage returns of progress lines are taken as line ends).
AptInstallLog ParseAptInstallLog(std::string_view text);

// `apt-get install --print-uris`: a line per archive apt would fetch,
// "'URI' FILENAME SIZE HASH" (FILENAME as kept in apt's archives directory,
// an epoch's ':' quoted as %3a). FILENAME → URI; other lines are skipped.
std::map<std::string, std::string> ParseAptPrintUris(std::string_view text);

// The local path of a file: URI ("file:/srv/repo/./x_1.0_all.deb", %xx
// decoded), or "" for any other scheme. apt uses such archives in place
// instead of copying them into its archives directory.
std::string LocalPathOfUri(std::string_view uri);

// The last `max_lines` lines of `lines`, joined with "\n", at most
// `max_bytes` (the newest kept).
std::string TailLines(const std::vector<std::string>& lines, size_t max_lines, size_t max_bytes);

}  // namespace steward::agent
