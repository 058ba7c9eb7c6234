/* verify.js - the certificate lookup (docs/verify.md), in the browser,
 * with no server: what a consumer types (a decision number, a product
 * code, a GTIN) becomes a key, the key names one shard of
 * verify/keys/, and the shard says which certificates have it.
 *
 * The key is the folded words of the text joined, cut and folded by
 * window.ocop.words of assets/search.js, which this page loads first:
 * the same words src/util/fold.c gives the index (the vectors of
 * tests/data/fold-vectors.json hold both), so "1234 QĐ UBND" and
 * "1234/qd-ubnd" are both "1234qdubnd".  A key's shard is FNV-1a of
 * its leading digits (of the whole key when it starts with a letter):
 * src/plan/verify.c's verify_hash().
 *
 * A status is the build's (data-as-of); once the viewer's day is past
 * the build's, the dates of the record decide it for that day, which
 * only moves it forward (valid to expired or revoked, never back).
 * Everything is drawn with textContent. */
(function () {
	'use strict';
	var box = document.getElementById('verify');
	var script = document.currentScript;
	if (!box || !script || !window.fetch || !window.ocop || !window.ocop.words)
		return;
	var root = new URL('../', script.src).href;     /* the site's root */
	var S = JSON.parse(box.getAttribute('data-strings') || '{}');
	var lang = box.getAttribute('data-lang');
	var defaultLang = box.getAttribute('data-default-lang');
	var home = root + (lang === defaultLang ? '' : lang + '/');
	var shards = Number(box.getAttribute('data-shards')) || 1;
	var soon = Number(box.getAttribute('data-soon')) || 0;
	var asOf = day(box.getAttribute('data-as-of'));
	var input = document.getElementById('verify-q');
	var status = document.getElementById('verify-status');
	var results = document.getElementById('verify-results');
	var form = input.form;

	/* ---- keys ------------------------------------------------------- */

	function key(text) {
		return window.ocop.words(text).map(function (w) { return w.folded; }).join('');
	}

	function hash(k) {
		var m = /^[0-9]+/.exec(k);
		var bytes = new TextEncoder().encode(m ? m[0] : k);
		var h = 0x811c9dc5;
		for (var i = 0; i < bytes.length; i++) {
			h ^= bytes[i];
			h = Math.imul(h, 0x01000193) >>> 0;
		}
		return h;
	}

	var cache = {};
	function shard(n) {
		var path = 'verify/keys/' + n + '.json';
		if (!cache[path])
			cache[path] = fetch(root + path, { credentials: 'omit' })
				.then(function (r) {
					if (!r.ok)
						throw new Error(path + ': HTTP ' + r.status);
					return r.json();
				});
		return cache[path];
	}

	/* The same GTIN with one leading zero more or less: a GTIN-13 on a
	 * pack is "0" and the same digits as a GTIN-14 in some lists, a
	 * UPC-A (12 digits) is "0" and its digits as a GTIN-13. */
	function gtinForms(k) {
		if (!/^[0-9]{12,14}$/.test(k))
			return [];
		var forms = [];
		if (k.charAt(0) === '0')
			forms.push(k.slice(1));
		if (k.length < 14)
			forms.push('0' + k);
		return forms;
	}

	/* [{rec, role}] for the key k (in its shard), and whether it was a
	 * decision's number alone ("1234": every decision numbered so). */
	function lookupKey(k) {
		return shard(hash(k) & (shards - 1)).then(function (data) {
			var hits = [], seen = {}, numbered = false;
			function take(list) {
				list.forEach(function (h) {
					if (seen[h[0]])
						return;
					seen[h[0]] = true;
					hits.push({ rec: data.certificates[h[0]], role: h[1], at: h[0] });
				});
			}
			function isDecision(h) { return h[1] === 'decision' || h[1] === 'revocation'; }
			take(data.keys[k] || []);
			var digits = /^[0-9]+/.exec(k);
			if (/^[0-9]+$/.test(k))
				Object.keys(data.keys).forEach(function (other) {
					var m = /^[0-9]+/.exec(other);
					if (other === k || !m || m[0] !== k)
						return;
					var before = hits.length;
					take(data.keys[other].filter(isDecision));
					numbered = numbered || hits.length > before;
				});
			else if (!hits.length && digits)
				/* a number written with its issuer ("1234/QĐ-UBND Hà
				 * Tĩnh", "1234 Hà Tĩnh"): the decisions so numbered
				 * whose issuer holds the words after the number */
				Object.keys(data.keys).forEach(function (other) {
					var m = /^[0-9]+/.exec(other);
					if (!m || m[0] !== digits[0])
						return;
					var rest = k.slice((k.indexOf(other) === 0 ? other : m[0]).length);
					take(data.keys[other].filter(function (h) {
						return isDecision(h) && rest &&
							key(data.certificates[h[0]].issuer || '').indexOf(rest) >= 0;
					}));
				});
			hits.sort(function (a, b) { return a.at - b.at; });
			return { hits: hits, numbered: numbered };
		});
	}

	/* What was typed, looked up as it is and, for a GTIN, in its other
	 * forms: {hits: [{rec, role}], numbered}. */
	function lookup(text) {
		var k = key(text);
		if (!k)
			return Promise.resolve(null);
		return Promise.all([k].concat(gtinForms(k)).map(lookupKey)).then(function (answers) {
			var hits = [], seen = {}, numbered = false;
			answers.forEach(function (a) {
				numbered = numbered || a.numbered;
				a.hits.forEach(function (h) {
					if (!seen[h.rec.url])
						hits.push(h);
					seen[h.rec.url] = true;
				});
			});
			return { hits: hits, numbered: numbered };
		});
	}

	/* ---- dates and statuses -------------------------------------------- */

	/* days since 1970-01-01 of "YYYY-MM-DD" */
	function day(iso) {
		var m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(iso || '');
		return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86400000 : null;
	}

	function today() {
		var d = new Date();
		return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86400000;
	}

	function fmtDate(iso) {
		var m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(iso || '');
		if (!m)
			return '';
		if (S.date_format === 'dmonthy' && S.months && S.months.length === 12)
			return Number(m[3]) + ' ' + S.months[m[2] - 1] + ' ' + m[1];
		return m[3] + '/' + m[2] + '/' + m[1];
	}

	function isoOf(d) {
		return new Date(d * 86400000).toISOString().slice(0, 10);
	}

	function fill(s, values) {
		return String(s || '').replace(/\{([a-z]+)\}/g, function (all, name) {
			return values[name] !== undefined ? values[name] : all;
		});
	}

	/* The status on day now (>= the build's), as src/model/date.c's
	 * cert_status() gives it. */
	function statusOn(r, now) {
		if (now <= asOf)
			return r.status;
		if (r.revoked && day(r.revoked.date) !== null && day(r.revoked.date) <= now)
			return 'revoked';
		if (r.status === 'revoked' || r.status === 'unpublished' || !r.issued)
			return r.status;
		if (day(r.issued) > now)
			return 'pending';
		if (r.expires && day(r.expires) < now)
			return 'expired';
		return 'valid';
	}

	function statusText(r, st, now) {
		switch (st) {
		case 'valid':
			var left = day(r.expires) - now;
			return left <= soon
				? fill(S.expiring, { date: fmtDate(r.expires), days: left })
				: fill(S.valid, { date: fmtDate(r.expires) });
		case 'expired':
			return fill(S.expired, { date: fmtDate(r.expires) });
		case 'revoked':
			var t = fill(S.revoked, { date: fmtDate(r.revoked && r.revoked.date) });
			if (r.revoked && r.revoked.decision)
				t += ' ' + fill(S.revoked_by, { decision: r.revoked.decision });
			return t;
		case 'pending':
			return fill(S.pending, { date: fmtDate(r.issued) });
		default:
			return S.unpublished;
		}
	}

	/* ---- drawing ------------------------------------------------------- */

	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls)
			e.className = cls;
		if (text !== undefined)
			e.textContent = text;
		return e;
	}

	function plural(n) {
		return fill(n === 1 ? S['count-one'] : S['count-other'], { n: n });
	}

	function item(hit, now) {
		var r = hit.rec, st = statusOn(r, now);
		var li = el('li', 'verify-item status-' + st);
		var head = el('p', 'verify-name');
		var a = el('a', null, (r.names && r.names[lang]) || r.name);
		a.href = home + r.url;
		if (lang !== defaultLang && !(r.names && r.names[lang]))
			a.lang = defaultLang;
		head.appendChild(a);
		head.appendChild(document.createTextNode(' '));
		head.appendChild(el('span', 'stars', fill(S.stars, { n: r.stars })));
		li.appendChild(head);
		var line = el('p', 'verify-state');
		line.appendChild(el('span', 'badge status-' + st, S['status-' + st]));
		line.appendChild(document.createTextNode(' ' + statusText(r, st, now)));
		li.appendChild(line);
		if (r.producer) {
			var p = el('p', 'verify-producer', fill(S.producer, { n: r.producer }));
			if (lang !== defaultLang)
				p.lang = defaultLang;
			li.appendChild(p);
		}
		var match = { revocation: ['matched_revocation', 'decision', r.revoked && r.revoked.decision],
			      code: ['matched_code', 'code', r.code],
			      gtin: ['matched_gtin', 'gtin', r.gtin] }[hit.role];
		if (match) {
			var values = {};
			values[match[1]] = match[2];
			li.appendChild(el('p', 'verify-match', fill(S[match[0]], values)));
		}
		return li;
	}

	/* The hits grouped by decision: one number from one issuer on one
	 * day (the same number from two issuers is two decisions). */
	function groups(hits) {
		var out = [], by = {};
		hits.forEach(function (h) {
			var r = h.rec;
			var id = JSON.stringify([r.number || '', r.issuer || '', r.issued || '']);
			if (!by[id]) {
				by[id] = { rec: r, hits: [] };
				out.push(by[id]);
			}
			by[id].hits.push(h);
		});
		return out;
	}

	function draw(q, answer) {
		var now = Math.max(asOf, today());
		results.textContent = '';
		if (!answer) {
			status.textContent = S.empty;
			return;
		}
		if (!answer.hits.length) {
			status.textContent = fill(S.not_found, { q: q.trim() });
			results.appendChild(el('p', 'verify-hint', S.not_found_hint));
			return;
		}
		var asOfLine = el('p', 'verify-as-of');
		var time = el('time', null, fill(S.as_of, { date: fmtDate(isoOf(now)) }));
		time.dateTime = isoOf(now);
		asOfLine.appendChild(time);
		status.textContent = answer.numbered
			? fill(S.numbered, { number: key(q) })
			: plural(answer.hits.length);
		results.appendChild(asOfLine);
		groups(answer.hits).forEach(function (g) {
			var r = g.rec;
			var sec = el('section', 'verify-group');
			sec.appendChild(el('h2', null, r.number ? fill(S.decision, { number: r.number }) : S.no_number));
			var meta = el('p', 'verify-meta');
			var parts = [];
			if (r.issuer || r.issued)
				parts.push(r.issuer ? fill(S.issued_by, { issuer: r.issuer, date: fmtDate(r.issued) })
					   : fmtDate(r.issued));
			parts.push(plural(g.hits.length));
			meta.textContent = parts.join(' · ');
			if (r.decision) {
				meta.appendChild(document.createTextNode(' · '));
				var link = el('a', null, S.decision_page);
				link.href = home + r.decision;
				meta.appendChild(link);
			}
			sec.appendChild(meta);
			var ul = el('ul', 'verify-items');
			g.hits.forEach(function (h) { ul.appendChild(item(h, now)); });
			sec.appendChild(ul);
			results.appendChild(sec);
		});
	}

	var asked = 0;
	function run(q) {
		var mine = ++asked;
		lookup(q).then(function (answer) {
			if (mine === asked)
				draw(q, answer);
		}, function () {
			if (mine === asked) {
				results.textContent = '';
				status.textContent = S.error;
			}
		});
	}

	form.addEventListener('submit', function (ev) {
		ev.preventDefault();
		var url = new URL(location.href);
		if (url.searchParams.get('q') !== input.value) {
			url.searchParams.set('q', input.value);
			history.pushState(null, '', url);
		}
		run(input.value);
	});
	function fromURL() {
		var q = new URL(location.href).searchParams.get('q');
		input.value = q || '';
		if (q)
			run(q);
		else {
			results.textContent = '';
			status.textContent = '';
		}
	}
	window.addEventListener('popstate', fromURL);
	fromURL();
}());
