// Private: serves the widget's files and the demo pages from the widget folder, with ETags.
// Only plain file names inside widget/dist and widget/demo are served: no listing, no traversal.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <string>

namespace fundus::searchd {

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path widget_dir) : widget_dir_(std::move(widget_dir)) {}

    /// widget_dir/dist/<name> (widget.js, widget.css, fundus.mjs).
    void serve_widget(const std::string& name, const httplib::Request& req, httplib::Response& res) const;
    /// widget_dir/demo/<name>; for index.html a built-in search page when the demo is absent.
    void serve_demo(const std::string& name, const httplib::Request& req, httplib::Response& res) const;

private:
    std::filesystem::path widget_dir_;
    void serve_file(const std::filesystem::path& path, const httplib::Request& req,
                    httplib::Response& res) const;
};

} // namespace fundus::searchd
