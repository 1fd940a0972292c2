#include "static_files.h"

#include "fundus/index/document_builder.h"
#include "fundus/searchd/json_output.h"

#include <fstream>
#include <sstream>

namespace fundus::searchd {

namespace {

constexpr const char* demo_csp =
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

// Shown at / until the widget is built: a plain form over /api/search.
constexpr const char* builtin_page = R"html(<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fundus – Suche</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}
input{font:inherit;width:70%;padding:.4rem}mark{background:#ffe58a}li{margin:1rem 0}small{color:#555}</style></head>
<body><h1>Fundus</h1><form role="search" id="f"><label for="q">Suche</label>
<input id="q" name="q" type="search" autofocus> <button>Suchen</button></form>
<p id="n" aria-live="polite"></p><ol id="r"></ol>
<script>
const esc=s=>String(s).replace(/[&<>"']/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
document.getElementById('f').addEventListener('submit',async e=>{e.preventDefault();
const q=document.getElementById('q').value;const r=await fetch('/api/search?q='+encodeURIComponent(q));
const j=await r.json();if(j.error){document.getElementById('n').textContent=j.error.message;return;}
document.getElementById('n').textContent=j.total+' Treffer';
document.getElementById('r').innerHTML=j.hits.map(h=>'<li><a href="'+esc(h.url)+'">'+esc(h.title)+'</a><br><small>'+
esc(h.published)+' · '+esc(h.region.state)+'</small><br>'+h.snippet+'</li>').join('');});
</script></body></html>
)html";

std::string content_type(const std::filesystem::path& path) {
    const auto ext = path.extension().string();
    if (ext == ".js" || ext == ".mjs")
        return "text/javascript; charset=utf-8";
    if (ext == ".css")
        return "text/css; charset=utf-8";
    if (ext == ".html")
        return "text/html; charset=utf-8";
    if (ext == ".json")
        return "application/json; charset=utf-8";
    if (ext == ".svg")
        return "image/svg+xml";
    if (ext == ".png")
        return "image/png";
    return "application/octet-stream";
}

void send_with_etag(const std::string& body, const std::string& type, const httplib::Request& req,
                    httplib::Response& res) {
    const std::string etag = "\"" + index::DocumentBuilder::content_hash(body) + "\"";
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", "public, max-age=300");
    if (type.starts_with("text/html"))
        res.set_header("Content-Security-Policy", demo_csp);
    if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
    }
    res.status = 200;
    res.set_content(body, type);
}

void not_found(const std::string& what, httplib::Response& res) {
    res.status = 404;
    res.set_content(dump(to_json(ApiError{404, "not_found", "no such file: " + what, ""})),
                    "application/json; charset=utf-8");
}

} // namespace

void StaticFiles::serve_file(const std::filesystem::path& path, const httplib::Request& req,
                             httplib::Response& res) const {
    std::ifstream in(path, std::ios::binary);
    if (!in || !std::filesystem::is_regular_file(path))
        return not_found(path.filename().string(), res);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    send_with_etag(buffer.str(), content_type(path), req, res);
}

void StaticFiles::serve_widget(const std::string& name, const httplib::Request& req,
                               httplib::Response& res) const {
    if (widget_dir_.empty())
        return not_found(name, res);
    serve_file(widget_dir_ / "dist" / name, req, res);
}

void StaticFiles::serve_demo(const std::string& name, const httplib::Request& req,
                             httplib::Response& res) const {
    if (name.find("..") != std::string::npos || name.starts_with("."))
        return not_found(name, res);
    const auto path = widget_dir_.empty() ? std::filesystem::path() : widget_dir_ / "demo" / name;
    if (name == "index.html" && (path.empty() || !std::filesystem::exists(path)))
        return send_with_etag(builtin_page, "text/html; charset=utf-8", req, res);
    if (path.empty())
        return not_found(name, res);
    serve_file(path, req, res);
}

} // namespace fundus::searchd
