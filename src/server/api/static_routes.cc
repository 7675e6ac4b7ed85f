// Static files of the web console. The requested path never reaches the file
// system as given (SECURITY.md rule 3): each segment is checked, the joined
// path is canonicalised, and it must still lie under the web root.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/api/routes.h"

namespace steward::api {
namespace {

namespace fs = std::filesystem;

std::string ContentType(const fs::path& p) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"}};
  std::string ext = p.extension().string();
  for (const auto& [e, t] : kTypes) {
    if (ext == e) return t;
  }
  return "application/octet-stream";
}

bool SafeSegment(std::string_view s) {
  if (s.empty() || s == "." || s == ".." || s.size() > 255) return false;
  for (char c : s) {
    if (c == '\\' || c == '\0' || static_cast<unsigned char>(c) < 0x20 || c == ':') return false;
  }
  return true;
}

Result<std::string> ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Status::NotFound("file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

// Returns the file under `root` for the request path `rel`, or NotFound.
// Exposed for tests through the route.
Result<fs::path> ResolveStaticPath(const fs::path& root, std::string_view rel) {
  std::error_code ec;
  fs::path canonical_root = fs::weakly_canonical(root, ec);
  if (ec) return Status::NotFound("web root");
  fs::path joined = canonical_root;
  size_t pos = 0;
  while (pos < rel.size()) {
    size_t slash = rel.find('/', pos);
    if (slash == std::string_view::npos) slash = rel.size();
    std::string_view seg = rel.substr(pos, slash - pos);
    if (!SafeSegment(seg)) return Status::NotFound("file");
    joined /= std::string(seg);
    pos = slash + 1;
  }
  fs::path resolved = fs::weakly_canonical(joined, ec);
  if (ec) return Status::NotFound("file");
  // Symlinks inside the root must not lead out of it.
  auto [root_end, _] =
      std::mismatch(canonical_root.begin(), canonical_root.end(), resolved.begin(), resolved.end());
  if (root_end != canonical_root.end()) return Status::NotFound("file");
  if (!fs::is_regular_file(resolved, ec)) return Status::NotFound("file");
  return resolved;
}

void AddStaticRoutes(RouteTable& routes, const ApiDeps& deps) {
  routes.Add({
      .method = "GET",
      .pattern = "/{*path}",
      .access = Access::kPublic,
      .handler = [root = fs::path(deps.web_root)](RequestContext& ctx) -> Result<ApiResponse> {
        std::string rel = ctx.PathParam("path");
        if (rel.rfind("api/", 0) == 0 || rel == "api") {
          return Status::NotFound("route", "/" + rel.substr(0, 200));
        }
        auto file = ResolveStaticPath(root, rel.empty() ? "index.html" : rel);
        if (!file.ok()) {
          // Client-side routes of the console ("/customers/3") get index.html;
          // anything that looks like a file name is a real 404.
          std::string last = rel.substr(rel.rfind('/') + 1);
          if (last.find('.') != std::string::npos) return file.status();
          file = ResolveStaticPath(root, "index.html");
          if (!file.ok()) return Status::NotFound("the web console is not installed");
        }
        STEWARD_ASSIGN_OR_RETURN(std::string bytes, ReadFile(*file));
        ApiResponse r = ApiResponse::Raw(ContentType(*file), std::move(bytes));
        // Hashed build assets may be cached; index.html must not be.
        bool immutable = file->parent_path().filename() == "assets";
        r.headers.emplace_back("Cache-Control",
                               immutable ? "public, max-age=31536000, immutable" : "no-cache");
        return r;
      },
      .doc = {"The web console (static files).", "web"},
      // The console is where a staff member enrols the required TOTP, so it
      // must load for a session that may do nothing else yet.
      .allowed_in_mfa_setup = true,
      .hidden_from_openapi = true,
  });
}

}  // namespace steward::api
