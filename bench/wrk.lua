-- wrk script of bench/pages.py: sends what the TLS proxy in front of production adds
-- (X-Forwarded-Proto) and the session cookie of the person the page is loaded as (BENCH_COOKIE,
-- empty for the public), and prints the run's numbers as one JSON line for pages.py to read.
wrk.headers["X-Forwarded-Proto"] = "https"
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"socket_errors": %d, "bad_status": %d, "timeouts": %d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    errors.connect + errors.read + errors.write, errors.status, errors.timeout
  ))
end
