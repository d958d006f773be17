-- wrk reports p50/p75/p90/p99 only; this prints one JSON line with p50, p95, the slowest
-- request and throughput.
done = function(summary, latency, requests)
  local errores = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    '{"p50": %.3f, "p95": %.3f, "p99": %.3f, "max": %.3f, "rps": %.2f, "solicitudes": %d, "errores": %d, "timeouts": %d, "no2xx": %d}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests / (summary.duration / 1e6), summary.requests, errores,
    summary.errors.timeout, summary.errors.status))
end
