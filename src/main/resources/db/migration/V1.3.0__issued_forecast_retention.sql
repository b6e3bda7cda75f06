-- Issued forecasts older than the retention are deleted in batches by issue time (live verification's runs).
create index issued_forecast_issued_at on issued_forecast (issued_at);
