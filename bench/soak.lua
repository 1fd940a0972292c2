-- wrk script for bench/soak: a mix of realistic /api/search requests (words, German forms,
-- phrases, filters, facets off, deeper pages, browsing) plus /healthz; prints one JSON line.
local targets = {
  "/api/search?q=Breitband",
  "/api/search?q=Kommune",
  "/api/search?q=B%C3%BCrgerinnen",
  "/api/search?q=Digitalisierungsstrategie",
  "/api/search?q=%22digitale+Verwaltung%22",
  "/api/search?q=Rufbus&region=Brandenburg",
  "/api/search?q=Glasfaser+Cham",
  "/api/search?q=Telemedizin&size=5",
  "/api/search?q=Mobilit%C3%A4t+-Mitfahrbank",
  "/api/search?q=Muenchen",
  "/api/search?q=Schule+Tablet&facets=false",
  "/api/search?q=Wie+kommt+schnelles+Internet+in+kleine+D%C3%B6rfer",
  "/api/search?topic=Mobilit%C3%A4t&type=praxisbeispiel",
  "/api/search?region=BY&sort=date&page=2",
  "/api/search?q=Energie&from=2020-01-01&to=2024-12-31",
  "/api/search?q=Ehrenamt+OR+Vereine",
  "/api/search?q=Kommnue",
  "/api/search?",
  "/healthz",
}
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", targets[(counter % #targets) + 1])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"non2xx":%d,"socket_errors":%d,' ..
    '"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000))
end
