// Analogcast's web page: a station's fan charts, risks, analogs and live verification, drawn from the JSON API.
// No framework and no third-party host: the page's Content-Security-Policy admits this file and the style sheet only.
// Everything from the API is written as text (textContent, SVG attributes), never parsed as markup.
'use strict';

(() => {
  const TOKEN_KEY = 'analogcast.token';
  // the variables charted, in this order, among those a station can forecast (wind components and direction are
  // summarised by wind speed)
  const CHARTED = ['t2m', 'd2m', 'msl', 'wspd', 'precip', 'pm25', 'rh', 'pm10', 'no2', 'o3', 'so2', 'co'];
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);

  const view = { stations: [], options: null, forecast: null, analogs: null, chosen: -1, loading: 0 };

  class ApiError extends Error {
    constructor(status, detail) {
      super(detail);
      this.status = status;
    }
  }

  const token = () => sessionStorage.getItem(TOKEN_KEY);

  async function api(path) {
    const response = await fetch(path, {
      headers: { Authorization: 'Bearer ' + token(), Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
    });
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const detail = body && body.detail ? body.detail : response.status + ' ' + response.statusText;
      throw new ApiError(response.status, detail);
    }
    return body;
  }

  const query = (params) => Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => encodeURIComponent(key) + '=' + encodeURIComponent(value)).join('&');

  // ---------------------------------------------------------------------------------------------- sign-in
  function showSignIn(message) {
    $('app').hidden = true;
    $('sign-out').hidden = true;
    $('sign-in').hidden = false;
    const error = $('sign-in-error');
    error.textContent = message || '';
    error.hidden = !message;
    $('token').focus();
  }

  async function signIn(event) {
    event.preventDefault();
    const value = $('token').value.trim();
    if (!value) {
      showSignIn('Enter the API token you were given.');
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, value);
    $('token').value = '';
    await start();
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    view.stations = [];
    $('results').hidden = true;
    showSignIn('');
  }

  async function start() {
    try {
      view.stations = await loadStations();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        showSignIn('The token was not accepted: ' + e.message);
      } else {
        showSignIn('The stations could not be loaded: ' + e.message);
      }
      return;
    }
    $('sign-in').hidden = true;
    $('app').hidden = false;
    $('sign-out').hidden = false;
    fillStations('');
    // a station named in the address (#station=...) is asked for as it is: an unknown one gets the API's answer
    const wanted = new URLSearchParams(location.hash.slice(1)).get('station')
      || (view.stations[0] && view.stations[0].id);
    if (wanted) {
      $('station-select').value = wanted;
      await showStation(wanted);
    } else {
      showError('The service has no stations yet.');
    }
  }

  async function loadStations() {
    const stations = [];
    let next = '/stations?' + query({ page: 0, size: 1000 });
    while (next) {
      const page = await api(next);
      stations.push(...page.items);
      next = page.next;
    }
    return stations;
  }

  // ---------------------------------------------------------------------------------------------- station picker
  function fillStations(filter) {
    const select = $('station-select');
    const selected = select.value;
    const words = filter.trim().toLowerCase();
    const shown = view.stations.filter((s) => !words
      || s.id.toLowerCase().includes(words) || (s.name || '').toLowerCase().includes(words));
    select.replaceChildren(...shown.slice(0, 500).map((s) => {
      const option = document.createElement('option');
      option.value = s.id;
      option.textContent = s.name && s.name !== s.id ? s.name + ' (' + s.id + ')' : s.id;
      return option;
    }));
    if (shown.some((s) => s.id === selected)) {
      select.value = selected;
    } else if (shown.length > 0) {
      select.selectedIndex = 0;
    }
    $('station-count').textContent = '(' + shown.length + ' of ' + view.stations.length + ')';
  }

  // ---------------------------------------------------------------------------------------------- loading
  function showError(message) {
    const error = $('error');
    error.textContent = message;
    error.hidden = !message;
  }

  function setStatus(message) {
    $('status').textContent = message;
  }

  async function showStation(stationId) {
    const loading = ++view.loading;
    showError('');
    setStatus('Loading the forecast for ' + stationId + '...');
    try {
      const options = await api('/forecast/options?' + query({ station: stationId }));
      const variables = chartedVariables(options);
      if (options.horizons.length === 0 || variables.length === 0) {
        throw new ApiError(404, 'station ' + stationId + ' has no forecasts in the served build');
      }
      const exceed = options.risks.map((r) => r.variable + ':' + r.above).join(',');
      const time = stateTime($('time-input').value);
      const forecast = await api('/forecast?' + query({
        station: stationId, horizon: options.horizons.join(','), vars: variables.join(','), exceed,
        include: 'analogs', time,
      }));
      if (loading !== view.loading) {
        return;
      }
      view.options = options;
      view.variables = variables;
      view.forecast = forecast;
      history.replaceState(null, '', '#' + query({ station: stationId }));
      renderSummary();
      renderRisks();
      fillExplorerControls();
      await showAnalogs();
      // for docs/bench: PageLoad reads the time from navigation to the first drawn charts
      performance.mark('analogcast-charts-drawn');
      setStatus('Forecast for ' + forecast.station.id + ' from ' + utc(forecast.state_time) + ' UTC.');
      loadVerification(stationId, loading);
    } catch (e) {
      if (loading !== view.loading) {
        return;
      }
      if (e instanceof ApiError && e.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        showSignIn('The token is no longer accepted: ' + e.message);
        return;
      }
      $('results').hidden = true;
      setStatus('');
      showError('No forecast for ' + stationId + ': ' + e.message);
    }
  }

  // "2023-12-31 18:00" or "2023-12-31T18:00" is UTC; anything else goes to the API as typed, which says what is wrong
  function stateTime(typed) {
    const text = typed.trim();
    return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}$/.test(text) ? text.replace(' ', 'T') + ':00Z' : text;
  }

  function chartedVariables(options) {
    const ids = options.variables.map((v) => v.id);
    return CHARTED.filter((id) => ids.includes(id));
  }

  async function showAnalogs() {
    const horizon = $('explorer-horizon').value;
    const analogs = await api('/forecast/analogs?' + query({
      station: view.forecast.station.id, horizon, vars: view.variables.join(','), time: view.forecast.state_time,
      k: view.forecast.forecasts[0].k,
    }));
    view.analogs = analogs;
    view.chosen = -1;
    $('results').hidden = false;
    renderCharts();
    renderTrajectories();
    renderAnalogTable();
  }

  async function loadVerification(stationId, loading) {
    const body = $('verification-body');
    try {
      const report = await api('/verification/live?' + query({ station: stationId }));
      if (loading === view.loading) {
        renderVerification(report);
      }
    } catch (e) {
      body.replaceChildren(text('p', 'The live verification is not available: ' + e.message));
    }
  }

  // ---------------------------------------------------------------------------------------------- formatting
  // '2019-12-31T23:00:00Z' (or with fractions of a second) as '2019-12-31 23:00'
  const utc = (iso) => iso.slice(0, 16).replace('T', ' ');
  const unitOf = (id) => (view.options.variables.find((v) => v.id === id) || {}).unit || '';
  const describe = (id) => (view.options.variables.find((v) => v.id === id) || {}).description || id;
  const hours = (horizon) => parseInt(horizon, 10) * (horizon.endsWith('d') ? 24 : 1);
  const fixed = (value, digits = 1) => (value === null || value === undefined ? 'n/a' : Number(value).toFixed(digits));

  function text(tag, content, className) {
    const element = document.createElement(tag);
    element.textContent = content;
    if (className) {
      element.className = className;
    }
    return element;
  }

  function svg(tag, attributes, parent) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      element.setAttribute(name, value);
    }
    if (parent) {
      parent.appendChild(element);
    }
    return element;
  }

  function table(caption, head, rows) {
    const t = document.createElement('table');
    if (caption) {
      t.appendChild(text('caption', caption));
    }
    const thead = t.createTHead().insertRow();
    head.forEach((h) => {
      const th = text('th', h);
      th.scope = 'col';
      thead.appendChild(th);
    });
    const body = t.createTBody();
    rows.forEach((cells) => {
      const tr = body.insertRow();
      cells.forEach((cell, i) => {
        let td;
        if (cell instanceof Node) {
          td = document.createElement('td');
          td.appendChild(cell);
        } else {
          td = text(i === 0 ? 'th' : 'td', cell);
          if (i === 0) {
            td.scope = 'row';
          }
        }
        tr.appendChild(td);
      });
    });
    return t;
  }

  // a wide table scrolls on its own on a narrow screen (focusable, so that the keyboard can scroll it too)
  function scrolling(t, label) {
    const region = document.createElement('div');
    region.className = 'table-scroll';
    region.tabIndex = 0;
    region.setAttribute('role', 'region');
    region.setAttribute('aria-label', label);
    region.appendChild(t);
    return region;
  }

  // ---------------------------------------------------------------------------------------------- summary, risks
  function renderSummary() {
    const f = view.forecast;
    $('station-name').textContent = f.station.name && f.station.name !== f.station.id
      ? f.station.name + ' (' + f.station.id + ')' : f.station.id;
    let state = utc(f.state_time);
    if (f.state_is_newest_hour === false) {
      state += ' (the newest complete hour; newest observation ' + utc(f.newest_observation) + ')';
    }
    $('state-time').textContent = state;
    $('data-source').textContent = f.data.synthetic
      ? 'SYNTHETIC demo data (' + f.data.source + '), not real observations'
      : f.data.source;
    const first = f.forecasts[0];
    const confidence = first.variables[view.variables[0]].confidence;
    $('analog-summary').textContent = first.k + ' analogs per horizon from ' + first.index.vectors.toLocaleString('en')
      + ' past states (' + first.index.type + '); confidence ' + fixed(confidence, 2) + ' at ' + first.horizon;
  }

  function riskWord(p) {
    if (p >= 0.6) {
      return 'high';
    }
    return p >= 0.2 ? 'moderate' : 'low';
  }

  function renderRisks() {
    const body = $('risk-body');
    const risks = view.options.risks;
    if (risks.length === 0) {
      body.replaceChildren(text('p', 'No risk event is configured for the variables of this station.'));
      return;
    }
    const head = ['Event'].concat(view.forecast.forecasts.map((f) => '+' + f.horizon));
    const rows = risks.map((risk) => {
      const cells = [risk.name + ': ' + risk.variable + ' above ' + risk.above + ' ' + risk.unit];
      view.forecast.forecasts.forEach((f) => {
        const exceedance = (f.variables[risk.variable].exceedance || []).find((e) => e.threshold === risk.above);
        const p = exceedance ? exceedance.probability : 0;
        const cell = document.createElement('span');
        cell.className = 'risk risk-' + riskWord(p);
        cell.dataset.probability = String(p);
        const meter = document.createElement('meter');
        meter.min = 0;
        meter.max = 1;
        meter.low = 0.2;
        meter.high = 0.6;
        meter.optimum = 0;
        meter.value = p;
        meter.setAttribute('aria-hidden', 'true');
        cell.append(text('span', Math.round(p * 100) + ' % (' + riskWord(p) + ')'), meter);
        cells.push(cell);
      });
      return cells;
    });
    body.replaceChildren(scrolling(table('Probability of each event at the valid time, from the analogs\' outcomes',
      head, rows), 'Risks'));
  }

  // ---------------------------------------------------------------------------------------------- charts
  const FAN = { width: 560, height: 220 };
  const WIDE = { width: 1000, height: 300 };
  const MARGIN = { left: 52, right: 26, top: 14, bottom: 30 };

  function scales(size, maxHour, values) {
    let low = Math.min(...values);
    let high = Math.max(...values);
    if (high - low < 1e-6) {
      low -= 1;
      high += 1;
    }
    const pad = (high - low) * 0.08;
    low -= pad;
    high += pad;
    const x = (h) => MARGIN.left + (h / maxHour) * (size.width - MARGIN.left - MARGIN.right);
    const y = (v) => MARGIN.top + (1 - (v - low) / (high - low)) * (size.height - MARGIN.top - MARGIN.bottom);
    return { x, y, low, high, size };
  }

  function axes(chart, s, maxHour, tickHours, unit) {
    const right = s.size.width - MARGIN.right;
    const bottom = s.size.height - MARGIN.bottom;
    svg('line', { x1: MARGIN.left, x2: right, y1: bottom, y2: bottom, class: 'axis' }, chart);
    svg('line', { x1: MARGIN.left, x2: MARGIN.left, y1: MARGIN.top, y2: bottom, class: 'axis' }, chart);
    tickHours.forEach((h) => {
      svg('line', { x1: s.x(h), x2: s.x(h), y1: MARGIN.top, y2: bottom, class: 'grid' }, chart);
      const label = svg('text', { x: s.x(h), y: bottom + 18, class: 'tick', 'text-anchor': 'middle' }, chart);
      label.textContent = h === 0 ? 'now' : '+' + h + ' h';
    });
    const step = niceStep((s.high - s.low) / 4);
    for (let v = Math.ceil(s.low / step) * step; v <= s.high; v += step) {
      svg('line', { x1: MARGIN.left, x2: right, y1: s.y(v), y2: s.y(v), class: 'grid' }, chart);
      const label = svg('text', { x: MARGIN.left - 6, y: s.y(v) + 4, class: 'tick', 'text-anchor': 'end' }, chart);
      label.textContent = Number(v.toFixed(6)).toString();
    }
    const unitLabel = svg('text', { x: 4, y: MARGIN.top + 4, class: 'tick unit' }, chart);
    unitLabel.textContent = unit;
  }

  function niceStep(raw) {
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const fraction = raw / power;
    return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
  }

  function renderCharts() {
    const container = $('fan-charts');
    const forecasts = view.forecast.forecasts;
    const maxHour = Math.max(...forecasts.map((f) => hours(f.horizon)));
    container.replaceChildren(...view.variables.map((id) => fanChart(id, forecasts, maxHour)));
  }

  function fanChart(id, forecasts, maxHour) {
    const figure = document.createElement('figure');
    figure.className = 'fan';
    figure.dataset.variable = id;
    const current = view.analogs.current[id];
    const points = forecasts.map((f) => ({ h: hours(f.horizon), horizon: f.horizon, ...f.variables[id] }));
    const origin = current === null || current === undefined ? null : { h: 0, p05: current, p25: current,
      median: current, p75: current, p95: current };
    const path = origin ? [origin].concat(points) : points;
    const values = path.flatMap((p) => [p.p05, p.p95]);
    const chosen = chosenMember(id);
    if (chosen !== null) {
      values.push(chosen.value);
    }
    const s = scales(FAN, maxHour, values);
    const unit = unitOf(id);
    const chart = svg('svg', { viewBox: '0 0 ' + FAN.width + ' ' + FAN.height, role: 'img', class: 'chart',
      'aria-labelledby': 'fan-title-' + id });
    const title = svg('title', { id: 'fan-title-' + id }, chart);
    title.textContent = describe(id) + ': median ' + points.map((p) => '+' + p.horizon + ' ' + fixed(p.median) + ' '
      + unit).join(', ');
    axes(chart, s, maxHour, [0].concat(points.map((p) => p.h)), unit);
    const band = (lowKey, highKey, className) => svg('polygon', {
      class: className, 'data-band': lowKey + '-' + highKey,
      points: path.map((p) => s.x(p.h) + ',' + s.y(p[highKey])).concat(
        path.slice().reverse().map((p) => s.x(p.h) + ',' + s.y(p[lowKey]))).join(' '),
    }, chart);
    band('p05', 'p95', 'band-outer');
    band('p25', 'p75', 'band-inner');
    svg('polyline', { class: 'median', points: path.map((p) => s.x(p.h) + ',' + s.y(p.median)).join(' ') }, chart);
    points.forEach((p) => svg('circle', {
      class: 'horizon-point', r: 3.5, cx: s.x(p.h), cy: s.y(p.median), 'data-horizon': p.horizon,
      'data-median': p.median, 'data-p05': p.p05, 'data-p25': p.p25, 'data-p75': p.p75, 'data-p95': p.p95,
    }, chart));
    if (origin) {
      svg('circle', { class: 'origin', r: 4.5, cx: s.x(0), cy: s.y(current), 'data-value': current }, chart);
    }
    if (chosen !== null) {
      const x = s.x(hours(view.analogs.forecast.horizon));
      const y = s.y(chosen.value);
      svg('path', { class: 'chosen-member', d: 'M' + x + ',' + (y - 7) + ' l7,7 l-7,7 l-7,-7 z',
        'data-analog': String(view.chosen + 1), 'data-value': chosen.value }, chart);
    }
    const caption = document.createElement('figcaption');
    caption.appendChild(text('strong', describe(id) + ' (' + unit + ')'));
    figure.append(caption, chart, numbers(id, points, unit, chosen));
    return figure;
  }

  function chosenMember(id) {
    if (view.chosen < 0) {
      return null;
    }
    const value = view.analogs.analogs[view.chosen].member[id];
    return value === null || value === undefined ? null : { value };
  }

  // the chart's figures as text: readable without colour and by screen readers
  function numbers(id, points, unit, chosen) {
    const rows = points.map((p) => ['+' + p.horizon, fixed(p.median), fixed(p.p25) + ' to ' + fixed(p.p75),
      fixed(p.p05) + ' to ' + fixed(p.p95), p.analog_count + ' (' + fixed(p.confidence, 2) + ')']);
    const t = table(null, ['Horizon', 'Median', '25-75 %', '5-95 %', 'Analogs (confidence)'], rows);
    t.className = 'numbers';
    if (chosen !== null) {
      t.appendChild(text('caption', 'Analog ' + (view.chosen + 1) + ' at +' + view.analogs.forecast.horizon + ': '
        + fixed(chosen.value) + ' ' + unit));
    }
    return scrolling(t, describe(id) + ': figures by horizon');
  }

  function fillExplorerControls() {
    const horizonSelect = $('explorer-horizon');
    const previous = horizonSelect.value;
    horizonSelect.replaceChildren(...view.options.horizons.map((h) => {
      const option = text('option', '+' + h);
      option.value = h;
      return option;
    }));
    const horizons = view.options.horizons;
    horizonSelect.value = horizons.includes(previous) ? previous : (horizons.includes('24h') ? '24h' : horizons[0]);
    const variableSelect = $('trajectory-variable');
    const wanted = variableSelect.value;
    variableSelect.replaceChildren(...view.variables.map((id) => {
      const option = text('option', describe(id) + ' (' + unitOf(id) + ')');
      option.value = id;
      return option;
    }));
    variableSelect.value = view.variables.includes(wanted) ? wanted : view.variables[0];
  }

  function renderTrajectories() {
    const id = $('trajectory-variable').value;
    const data = view.analogs;
    const maxHour = data.following_hours;
    const horizonHour = hours(data.forecast.horizon);
    const stats = data.forecast.variables[id];
    const values = [stats.p05, stats.p95];
    data.analogs.forEach((a) => a.following[id].forEach((v) => v !== null && values.push(v)));
    if (data.current[id] !== null && data.current[id] !== undefined) {
      values.push(data.current[id]);
    }
    const s = scales(WIDE, maxHour, values);
    const unit = unitOf(id);
    const chart = svg('svg', { viewBox: '0 0 ' + WIDE.width + ' ' + WIDE.height, role: 'img', class: 'chart trajectories',
      'aria-labelledby': 'trajectory-title' });
    svg('title', { id: 'trajectory-title' }, chart).textContent = 'What followed each of the ' + data.analogs.length
      + ' analogs: ' + describe(id) + ' over ' + maxHour + ' h, against the ensemble at +' + data.forecast.horizon;
    axes(chart, s, maxHour, [0, 6, 12, 24, 36, 48].filter((h) => h <= maxHour), unit);
    const x = s.x(horizonHour);
    svg('rect', { class: 'band-outer', x: x - 6, width: 12, y: s.y(stats.p95), height: s.y(stats.p05) - s.y(stats.p95) },
      chart);
    svg('rect', { class: 'band-inner', x: x - 6, width: 12, y: s.y(stats.p75), height: s.y(stats.p25) - s.y(stats.p75) },
      chart);
    svg('line', { class: 'median', x1: x - 9, x2: x + 9, y1: s.y(stats.median), y2: s.y(stats.median) }, chart);
    data.analogs.forEach((a, i) => {
      const segments = [];
      let current = [];
      a.following[id].forEach((v, h) => {
        if (v === null) {
          if (current.length > 0) {
            segments.push(current);
          }
          current = [];
        } else {
          current.push(s.x(h) + ',' + s.y(v));
        }
      });
      if (current.length > 0) {
        segments.push(current);
      }
      const group = svg('g', { class: 'trajectory' + (i === view.chosen ? ' chosen' : view.chosen >= 0 ? ' faded' : ''),
        'data-analog': String(i + 1) }, chart);
      segments.forEach((points) => svg('polyline', { points: points.join(' ') }, group));
    });
    if (data.current[id] !== null && data.current[id] !== undefined) {
      svg('circle', { class: 'origin', r: 4.5, cx: s.x(0), cy: s.y(data.current[id]) }, chart);
    }
    const figure = document.createElement('figure');
    figure.className = 'fan wide';
    const caption = document.createElement('figcaption');
    caption.appendChild(text('strong', 'Hours after each analog, ' + describe(id) + ' (' + unit + ')'));
    caption.appendChild(text('span', view.chosen >= 0 ? ' - analog ' + (view.chosen + 1) + ' highlighted' : ''));
    figure.append(caption, chart);
    $('trajectory-chart').replaceChildren(figure);
  }

  function renderAnalogTable() {
    const data = view.analogs;
    const id = $('trajectory-variable').value;
    const predictors = Object.keys(data.current).filter((key) => data.analogs.some((a) => key in a.state));
    $('analog-caption').textContent = data.analogs.length + ' analogs of the +' + data.forecast.horizon
      + ' forecast, nearest first: their state beside today\'s, and their ' + id + ' at +' + data.forecast.horizon;
    const head = document.createElement('tr');
    ['#', 'Date (UTC)', 'Distance', 'Weight'].concat(predictors.map((p) => p + ' (now ' + fixed(data.current[p])
      + ')')).concat([id + ' at +' + data.forecast.horizon, 'Highlight']).forEach((h) => {
      const th = text('th', h);
      th.scope = 'col';
      head.appendChild(th);
    });
    $('analog-table').tHead.replaceChildren(head);
    $('analog-table').tBodies[0].replaceChildren(...data.analogs.map((a, i) => {
      const row = document.createElement('tr');
      row.dataset.analog = String(i + 1);
      if (i === view.chosen) {
        row.className = 'chosen';
      }
      const number = text('th', String(i + 1));
      number.scope = 'row';
      row.appendChild(number);
      [utc(a.time), fixed(a.distance, 3), (a.weight * 100).toFixed(1) + ' %']
        .concat(predictors.map((p) => fixed(a.state[p])))
        .concat([fixed(a.member[id])]).forEach((cell) => row.appendChild(text('td', cell)));
      const button = text('button', i === view.chosen ? 'Shown' : 'Show');
      button.type = 'button';
      button.className = 'choose';
      button.setAttribute('aria-pressed', String(i === view.chosen));
      button.setAttribute('aria-label', 'Highlight analog ' + (i + 1) + ' of ' + utc(a.time));
      button.addEventListener('click', () => choose(i));
      const cell = document.createElement('td');
      cell.appendChild(button);
      row.appendChild(cell);
      return row;
    }));
  }

  function choose(index) {
    view.chosen = view.chosen === index ? -1 : index;
    renderCharts();
    renderTrajectories();
    renderAnalogTable();
    const button = document.querySelector('#analog-table tr[data-analog="' + (index + 1) + '"] button');
    if (button) {
      button.focus();
    }
    setStatus(view.chosen >= 0 ? 'Analog ' + (index + 1) + ' of ' + utc(view.analogs.analogs[index].time)
      + ' highlighted.' : 'No analog highlighted.');
  }

  // ---------------------------------------------------------------------------------------------- verification
  function renderVerification(report) {
    const body = $('verification-body');
    if (!report.rows || report.rows.length === 0 || report.scored_cases === 0) {
      body.replaceChildren(text('p', 'No forecast of this station has been scored in the last ' + report.days
        + ' days: forecasts are scored once their valid time has been observed.'));
      return;
    }
    const pct = (v) => (v === null || v === undefined ? 'n/a' : (v * 100).toFixed(1) + ' %');
    const rows = report.rows.map((r) => [r.variable + ' +' + r.horizon, String(r.cases), fixed(r.crps, 3),
      pct(r.crpss_persistence), pct(r.crpss_climatology), pit(r.pit_histogram)]);
    body.replaceChildren(
      text('p', report.scored_cases + ' forecasts scored from ' + utc(report.from) + ' to ' + utc(report.to)
        + ' UTC. Skill above 0 % beats the reference.'),
      scrolling(table('CRPS and its skill against persistence and climatology; PIT histogram (flat is calibrated)',
        ['Variable', 'Cases', 'CRPS', 'Skill vs persistence', 'Skill vs climatology', 'PIT'], rows),
      'Live verification'));
  }

  function pit(histogram) {
    const counts = histogram || [];
    const max = Math.max(1, ...counts);
    const chart = svg('svg', { viewBox: '0 0 100 24', class: 'pit', role: 'img' });
    svg('title', {}, chart).textContent = 'PIT counts by tenth: ' + counts.join(', ');
    counts.forEach((c, i) => svg('rect', { x: i * 10 + 1, width: 8, y: 24 - (22 * c) / max, height: (22 * c) / max },
      chart));
    return chart;
  }

  // ---------------------------------------------------------------------------------------------- wiring
  document.addEventListener('DOMContentLoaded', () => {
    $('sign-in-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', signOut);
    $('station-search').addEventListener('input', (e) => fillStations(e.target.value));
    $('station-search').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && $('station-select').value) {
        e.preventDefault();
        showStation($('station-select').value);
      }
    });
    $('station-select').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && $('station-select').value) {
        e.preventDefault();
        showStation($('station-select').value);
      }
    });
    $('station-select').addEventListener('dblclick', () => showStation($('station-select').value));
    $('show-forecast').addEventListener('click', () => {
      if ($('station-select').value) {
        showStation($('station-select').value);
      }
    });
    $('explorer-horizon').addEventListener('change', () => showAnalogs().catch((e) => showError(e.message)));
    $('trajectory-variable').addEventListener('change', () => {
      renderTrajectories();
      renderAnalogTable();
    });
    // another station in the address (typed, or back and forward) is shown without reloading the page
    window.addEventListener('hashchange', () => {
      const wanted = new URLSearchParams(location.hash.slice(1)).get('station');
      if (token() && wanted && !(view.forecast && view.forecast.station.id === wanted)) {
        showStation(wanted);
      }
    });
    if (token()) {
      start();
    } else {
      showSignIn('');
    }
  });
})();
