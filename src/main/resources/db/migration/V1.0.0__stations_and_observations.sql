-- Stations and hourly observations (UTC). One nullable column per stored variable (see Variable.java);
-- the primary key gives the unique station+time and serves station/time-range scans.
create table station (
    id        varchar(64)  primary key,
    name      varchar(200) not null,
    latitude  double precision,
    longitude double precision,
    source    varchar(32)  not null
);

create table observation (
    station_id varchar(64) not null references station (id),
    obs_time   timestamp with time zone not null,
    t2m    real,
    d2m    real,
    rh     real,
    msl    real,
    u10    real,
    v10    real,
    wspd   real,
    precip real,
    pm25   real,
    pm10   real,
    no2    real,
    o3     real,
    so2    real,
    co     real,
    primary key (station_id, obs_time)
);
