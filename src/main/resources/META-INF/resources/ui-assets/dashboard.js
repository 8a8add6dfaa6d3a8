// Ledgerhouse dashboard: draws the charts the server built, and sends the few actions of a page to the API.
(function () {
  'use strict';

  function drawCharts() {
    var charts = [];
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var option = el.getAttribute('data-chart');
      if (!option) {
        el.classList.add('no-data');
        el.textContent = 'No data to draw.';
        return;
      }
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(JSON.parse(option));
      charts.push(chart);
    });
    window.addEventListener('resize', function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }

  function problemText(response) {
    return response.text().then(function (body) {
      try {
        var p = JSON.parse(body);
        return (p.title || response.status) + (p.detail ? ': ' + p.detail : '');
      } catch (e) {
        return response.status + ' ' + body;
      }
    });
  }

  function postJson(url, body) {
    return fetch(url, {
      method: 'POST',
      // the header tells the API this change comes from the pages (docs/security.md, signed-in sessions)
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-Ledgerhouse-Page': '1' },
      body: JSON.stringify(body)
    });
  }

  function copyButtons() {
    document.querySelectorAll('button.copy').forEach(function (b) {
      b.addEventListener('click', function () {
        var text = document.getElementById(b.getAttribute('data-target')).textContent;
        var done = function () { b.textContent = 'Copied'; setTimeout(function () { b.textContent = 'Copy'; }, 1500); };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
        } else {
          fallbackCopy(text);
          done();
        }
      });
    });
  }

  function fallbackCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand('copy'); } catch (e) { /* the text stays selectable on the page */ }
    document.body.removeChild(area);
  }

  function statusWorkflow() {
    var form = document.getElementById('status-form');
    if (!form) {
      return;
    }
    var message = document.getElementById('status-message');
    form.querySelectorAll('button.move').forEach(function (b) {
      b.addEventListener('click', function () {
        var reason = form.querySelector('[name=reason]').value.trim();
        postJson('/api/v1/recommendations/' + form.getAttribute('data-id') + '/status',
          { status: b.getAttribute('data-status'), reason: reason || null })
          .then(function (r) {
            if (r.ok) {
              window.location.reload();
            } else {
              problemText(r).then(function (t) { message.textContent = t; message.className = 'bad'; });
            }
          });
      });
    });
  }

  function money(v, currency) {
    return currency + ' ' + Number(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"]/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c];
    });
  }

  function rules() {
    var form = document.getElementById('rule-form');
    if (!form) {
      return;
    }
    var area = document.getElementById('rule-json');
    var out = document.getElementById('preview-result');
    var month = form.getAttribute('data-month');
    function rule() {
      try {
        return JSON.parse(area.value);
      } catch (e) {
        out.innerHTML = '<p class="bad">The rule is not valid JSON: ' + esc(e.message) + '</p>';
        return null;
      }
    }
    document.getElementById('preview-rule').addEventListener('click', function () {
      var r = rule();
      if (!r) { return; }
      out.innerHTML = '<p class="note">Allocating ' + esc(month) + ' again with this rule…</p>';
      postJson('/api/v1/rules/preview', { month: month, rule: r }).then(function (resp) {
        if (!resp.ok) {
          return problemText(resp).then(function (t) { out.innerHTML = '<p class="bad">' + esc(t) + '</p>'; });
        }
        return resp.json().then(function (p) {
          var html = '<p id="preview-summary">' + esc(p.change) + '</p>';
          (p.currencies || []).forEach(function (c) {
            html += '<p>Moves <strong>' + money(c.moved, c.currency) + '</strong> of ' + money(c.total, c.currency)
              + '; unallocated ' + money(c.unallocatedBefore, c.currency) + ' → '
              + money(c.unallocatedAfter, c.currency) + '.</p>';
            if (c.lines.length === 0) {
              html += '<p class="note">No team or workload would change.</p>';
              return;
            }
            html += '<table><thead><tr><th>team</th><th>workload</th><th>category</th><th class="num">before</th>'
              + '<th class="num">after</th><th class="num">change</th></tr></thead><tbody>';
            c.lines.forEach(function (l) {
              html += '<tr><td>' + esc(l.team || 'unallocated') + '</td><td>' + esc(l.workload || '') + '</td><td>'
                + esc(l.category) + '</td><td class="num">' + money(l.before, c.currency) + '</td><td class="num">'
                + money(l.after, c.currency) + '</td><td class="num">' + money(l.change, c.currency) + '</td></tr>';
            });
            html += '</tbody></table>';
          });
          if (!p.currencies || p.currencies.length === 0) {
            html += '<p class="note">Nothing would move in ' + esc(month) + '.</p>';
          }
          out.innerHTML = html;
        });
      });
    });
    document.getElementById('save-rule').addEventListener('click', function () {
      var r = rule();
      if (!r) { return; }
      postJson('/api/v1/rules', r).then(function (resp) {
        if (resp.ok) {
          window.location.reload();
        } else {
          problemText(resp).then(function (t) { out.innerHTML = '<p class="bad">' + esc(t) + '</p>'; });
        }
      });
    });
    document.querySelectorAll('button.use-rule').forEach(function (b) {
      b.addEventListener('click', function () {
        var r = JSON.parse(b.getAttribute('data-rule'));
        r.effectiveFrom = month + '-01';
        area.value = JSON.stringify(r, null, 1);
        area.focus();
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    drawCharts();
    copyButtons();
    statusWorkflow();
    rules();
  });
})();
