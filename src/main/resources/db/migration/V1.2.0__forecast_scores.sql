-- Live verification: every issued forecast is scored once its valid time has been observed (or found missing).
alter table issued_forecast add column scored_at timestamp with time zone;
create index issued_forecast_unscored on issued_forecast (scored_at, valid_time);

-- One row per scored variable of an issued forecast: CRPS of the forecast and of the references on the same
-- quantile levels, and the PIT of the observation. Station, horizon and issue time are copied for aggregation.
create table forecast_score (
    issued_forecast_id bigint       not null references issued_forecast (id) on delete cascade,
    variable           varchar(16)  not null,
    station_id         varchar(64)  not null,
    horizon_hours      integer      not null,
    issued_at          timestamp with time zone not null,
    valid_time         timestamp with time zone not null,
    observed           double precision not null,
    crps               double precision not null,
    crps_persistence   double precision,
    crps_climatology   double precision,
    pit                double precision not null,
    primary key (issued_forecast_id, variable)
);
create index forecast_score_issued on forecast_score (issued_at, station_id);
