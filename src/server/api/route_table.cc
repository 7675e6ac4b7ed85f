#include "server/api/route_table.h"

#include <cstdlib>

#include "core/log.h"

namespace steward::api {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  if (!path.empty() && path[0] == '/') pos = 1;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    out.push_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return out;
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>* params) {
  auto ps = Split(pattern);
  auto xs = Split(path);
  // A last segment "{*name}" takes the rest of the path (static files).
  if (!ps.empty() && ps.back().size() > 3 && ps.back().substr(0, 2) == "{*") {
    if (xs.size() < ps.size() - 1) return false;
    for (size_t i = 0; i + 1 < ps.size(); ++i) {
      if (ps[i] != xs[i]) return false;
    }
    std::string rest;
    for (size_t i = ps.size() - 1; i < xs.size(); ++i) {
      if (!rest.empty()) rest += '/';
      rest += xs[i];
    }
    if (params) (*params)[std::string(ps.back().substr(2, ps.back().size() - 3))] = rest;
    return true;
  }
  if (ps.size() != xs.size()) return false;
  for (size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].size() > 2 && ps[i].front() == '{' && ps[i].back() == '}') {
      if (xs[i].empty()) return false;
      if (params) (*params)[std::string(ps[i].substr(1, ps[i].size() - 2))] = std::string(xs[i]);
    } else if (ps[i] != xs[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<int64_t> RequestContext::PathId(std::string_view name) const {
  auto it = path_params_.find(std::string(name));
  if (it == path_params_.end()) return Status::Internal("route has no {" + std::string(name) + "}");
  const std::string& s = it->second;
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) {
    // Not a number can never name an object: answer as for a missing one.
    return Status::NotFound(std::string(name), s.substr(0, 40));
  }
  return std::stoll(s);
}

std::string RequestContext::PathParam(std::string_view name) const {
  auto it = path_params_.find(std::string(name));
  return it == path_params_.end() ? std::string() : it->second;
}

Result<Json> RequestContext::JsonBody() const {
  auto type = request_.Header("Content-Type");
  if (!type || type->substr(0, 16) != "application/json") {
    return Status::InvalidArgument("Content-Type must be application/json");
  }
  return ParseJsonStrict(request_.body);
}

Result<std::optional<int64_t>> RequestContext::QueryInt(std::string_view name, int64_t min,
                                                        int64_t max) const {
  auto v = request_.QueryParam(name);
  if (!v) return std::optional<int64_t>();
  if (v->empty() || v->size() > 18 || v->find_first_not_of("0123456789-") != std::string::npos ||
      v->find('-', 1) != std::string::npos) {
    return Status::InvalidArgument("must be an integer", std::string(name));
  }
  int64_t n = std::stoll(*v);
  if (n < min || n > max) {
    return Status::InvalidArgument(
        "must be between " + std::to_string(min) + " and " + std::to_string(max),
        std::string(name));
  }
  return std::optional<int64_t>(n);
}

void RouteTable::Add(Route route) {
  for (const auto& r : routes_) {
    if (r.method == route.method && r.pattern == route.pattern) {
      LogError("route {} {} declared twice", route.method, route.pattern);
      std::abort();
    }
  }
  routes_.push_back(std::move(route));
}

RouteMatch RouteTable::Match(std::string_view method, std::string_view path) const {
  RouteMatch m;
  // Literal segments beat parameters, which beat a catch-all.
  for (int pass = 0; pass < 3; ++pass) {
    for (const auto& r : routes_) {
      int kind = r.pattern.find("{*") != std::string::npos  ? 2
                 : r.pattern.find('{') != std::string::npos ? 1
                                                            : 0;
      if (kind != pass) continue;
      std::map<std::string, std::string> params;
      if (!MatchPattern(r.pattern, path, &params)) continue;
      // The static catch-all matches every path; it must not turn unknown
      // API paths into 405s.
      if (kind != 2) m.path_matched = true;
      if (r.method == method || (method == "HEAD" && r.method == "GET")) {
        m.route = &r;
        m.params = std::move(params);
        return m;
      }
    }
  }
  return m;
}

size_t RouteTable::BodyLimit(std::string_view method, std::string_view path) const {
  RouteMatch m = Match(method, path);
  return m.route ? m.route->max_body_bytes : 64 * 1024;
}

}  // namespace steward::api
