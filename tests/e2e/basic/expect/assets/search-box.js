/* search-box.js - the search box of every page's header as a combobox
 * (docs/search.md, "The search box"): as the reader types, the best
 * products come in a list under the box, from window.ocop.search
 * (assets/search.js, loaded before this file).  Without this script,
 * or without search.js, the form still leads to the search page.
 *
 * The WAI-ARIA combobox pattern with a listbox popup: focus stays in
 * the box, the option under the arrows is aria-activedescendant; Enter
 * opens it, or submits the form when none is; Escape closes the list,
 * a second Escape empties the box.  A polite live region says how many
 * products match once typing pauses.  The index loads on the first
 * query, never with the page.  Every text goes in with textContent: a
 * product's name is never HTML here. */
(function () {
	'use strict';
	var input = document.getElementById('site-q');
	var ocop = window.ocop;
	/* the search page has its own box, whose results fill the page */
	if (!input || !input.form || !ocop || typeof ocop.search !== 'function' ||
	    document.getElementById('search'))
		return;
	var form = input.form;
	var LIMIT = 6, QUIET = 700;

	/* the box's strings in the page's language: search.js brings them
	 * (window.ocop.strings); a theme's own form may carry data-t-* */
	var strings = (ocop.strings || {})[document.documentElement.lang] || {};
	function t(key, n) {
		var v = strings[key] || form.getAttribute('data-t-' + key) || '';
		return n === undefined ? v : v.split('{n}').join(String(n));
	}
	function count(key, n) {
		return t(key + (n === 1 ? '-one' : '-other'), n);
	}
	function el(tag, cls, txt) {
		var e = document.createElement(tag);
		if (cls)
			e.className = cls;
		if (txt !== undefined && txt !== null)
			e.textContent = txt;
		return e;
	}

	var id = input.id;
	var popup = el('div', 'sb-popup');
	var list = el('div', 'sb-list');
	var none = el('p', 'sb-none');
	var live = el('p', 'visually-hidden');
	popup.hidden = true;
	list.id = id + '-list';
	list.setAttribute('role', 'listbox');
	list.setAttribute('aria-label', t('list'));
	none.hidden = true;
	live.id = id + '-live';
	live.setAttribute('role', 'status');
	live.setAttribute('aria-live', 'polite');
	popup.appendChild(list);
	popup.appendChild(none);
	form.appendChild(popup);
	form.appendChild(live);
	input.setAttribute('role', 'combobox');
	input.setAttribute('aria-autocomplete', 'list');
	input.setAttribute('aria-expanded', 'false');
	input.setAttribute('aria-controls', list.id);

	var options = [], active = -1;

	/* ---- what the live region says, once typing pauses ---------------- */

	var liveTimer = null;
	function announce(text) {
		clearTimeout(liveTimer);
		liveTimer = setTimeout(function () {
			live.textContent = text;
		}, text ? QUIET : 0);
	}

	/* ---- the list -------------------------------------------------------- */

	function setActive(i) {
		if (active >= 0 && options[active])
			options[active].setAttribute('aria-selected', 'false');
		active = i;
		if (i < 0) {
			input.removeAttribute('aria-activedescendant');
			return;
		}
		var o = options[i];
		o.setAttribute('aria-selected', 'true');
		input.setAttribute('aria-activedescendant', o.id);
		/* into the list's view (scrollIntoView would scroll the page
		 * too) */
		var top = o.offsetTop, bottom = top + o.offsetHeight;
		if (top < popup.scrollTop)
			popup.scrollTop = top;
		else if (bottom > popup.scrollTop + popup.clientHeight)
			popup.scrollTop = bottom - popup.clientHeight;
	}

	function isOpen() {
		return !popup.hidden;
	}

	/* The list within the window: moved left when it would pass its
	 * right edge, and no taller than the room under the box. */
	function place() {
		popup.style.marginLeft = '';
		popup.style.maxHeight = '';
		var r = popup.getBoundingClientRect();
		var over = r.right - document.documentElement.clientWidth;
		if (over > 0)
			popup.style.marginLeft = -Math.min(over, Math.max(r.left, 0)) + 'px';
		var room = window.innerHeight - r.top - 8;
		if (room < parseFloat(getComputedStyle(popup).maxHeight))
			popup.style.maxHeight = Math.max(room, 160) + 'px';
	}

	function show() {
		popup.hidden = false;
		input.setAttribute('aria-expanded', options.length ? 'true' : 'false');
		place();
	}

	function close() {
		setActive(-1);
		popup.hidden = true;
		input.setAttribute('aria-expanded', 'false');
	}

	/* an answer drawn: which query, to open it again with ArrowDown */
	var drawn = null;

	function option(href, cls, n) {
		var a = el('a', 'sb-opt' + (cls ? ' ' + cls : ''));
		a.id = id + '-opt-' + n;
		a.href = href;
		a.tabIndex = -1;
		a.setAttribute('role', 'option');
		a.setAttribute('aria-selected', 'false');
		return a;
	}

	function row(r, n) {
		var a = option(r.url, r.status === 'revoked' ? 'sb-revoked' : '', n);
		if (r.image && r.image.src) {
			var img = el('img', 'sb-thumb');
			img.alt = '';
			img.width = 48;
			img.height = 48;
			img.loading = 'lazy';
			img.decoding = 'async';
			img.src = r.image.src;
			a.appendChild(img);
		} else {
			a.appendChild(el('span', 'sb-thumb sb-noimg'));
		}
		var text = el('span', 'sb-text');
		var name = el('span', 'sb-name', r.name);
		if (r.nameLang)
			name.lang = r.nameLang;
		text.appendChild(name);
		var line = el('span', 'sb-line');
		var stars = Math.max(0, Math.min(5, Number(r.stars) || 0));
		var st = el('span', 'stars-icons', '★★★★★'.slice(0, stars));
		st.setAttribute('role', 'img');
		st.setAttribute('aria-label', t('stars', stars));
		st.appendChild(el('span', null, '☆☆☆☆☆'.slice(0, 5 - stars)));
		line.appendChild(st);
		line.appendChild(document.createTextNode(' '));
		var status = String(r.status || '');
		line.appendChild(el('span', 'badge status-' + status.replace(/[^a-z]/g, ''),
				    t('status-' + status) || status));
		text.appendChild(line);
		var where = [r.producer, r.commune || r.place].filter(Boolean).join(' · ');
		if (where)
			text.appendChild(el('span', 'sb-meta', where));
		a.appendChild(text);
		return a;
	}

	/* The search page's address for q; every status when all is set. */
	function searchURL(q, all) {
		var u = new URL(form.action);
		u.search = '';
		u.searchParams.set(input.name || 'q', q);
		if (all)
			['valid', 'pending', 'unpublished', 'expired', 'revoked'].forEach(function (s) {
				u.searchParams.append('status', s);
			});
		return u.href;
	}

	function draw(q, r) {
		if (!r.total && !r.hidden && r.partial) {
			close();        /* the start of a word: wait for more */
			return;
		}
		setActive(-1);
		options = r.results.map(row);
		if (r.total > 0) {
			var all = option(searchURL(q), 'sb-all', 'all');
			all.textContent = count('see-all', r.total);
			options.push(all);
		}
		/* expired and revoked certificates are left out: say how
		 * many, and lead to them */
		if (r.hidden > 0) {
			var more = option(searchURL(q, true), 'sb-all sb-hidden', 'hidden');
			more.textContent = count('hidden', r.hidden);
			options.push(more);
		}
		list.replaceChildren.apply(list, options);
		list.hidden = !options.length;
		none.hidden = r.total > 0 || r.hidden > 0;
		none.textContent = none.hidden ? '' : t('none');
		drawn = q;
		show();
		announce(r.total > 0 ? count('count', r.total)
			 : r.hidden > 0 ? count('hidden', r.hidden) : t('none'));
	}

	function fail() {
		setActive(-1);
		options = [];
		list.replaceChildren();
		list.hidden = true;
		none.hidden = false;
		none.textContent = t('error');
		drawn = null;
		show();
		announce(t('error'));
	}

	/* ---- queries: a later keystroke wins ---------------------------------- */

	/* A key asks at once, unless an answer is on its way: then that
	 * answer is dropped and, when it comes, the box asks for what it
	 * holds by then (one query at a time, none waited for). */
	var asked = 0, running = false, again = false;
	function stop() {
		again = false;
		asked++;               /* an answer on its way is not shown */
	}
	function ask() {
		if (!running)
			return run();
		asked++;
		again = true;
	}

	function run() {
		var q = input.value, n = ++asked;
		if (!q.trim()) {
			options = [];
			list.replaceChildren();
			drawn = null;
			close();
			announce('');
			return;
		}
		running = true;
		ocop.search(q, { limit: LIMIT }).then(function (r) {
			if (n === asked)
				draw(q, r);
		}, function () {
			if (n === asked)
				fail();
		}).then(function () {
			running = false;
			if (again) {
				again = false;
				run();
			}
		});
	}

	/* the reader is about to type: the index's list of chunks comes now */
	input.addEventListener('focus', function () {
		if (window.ocop && window.ocop.preload)
			window.ocop.preload().catch(function () {});
	});
	input.addEventListener('input', function () {
		setActive(-1);         /* a choice in the list of other words */
		clearTimeout(liveTimer);   /* typing goes on: nothing to say yet */
		ask();
	});

	input.addEventListener('keydown', function (ev) {
		if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.isComposing)
			return;
		var n = options.length;
		switch (ev.key) {
		case 'ArrowDown':
		case 'Down':
			ev.preventDefault();
			if (!isOpen()) {
				/* the answer to what the box holds, asked for again
				 * if it is not the one drawn */
				if (drawn !== input.value) {
					ask();
					return;
				}
				show();
			}
			if (n)
				setActive(active + 1 >= n ? 0 : active + 1);
			break;
		case 'ArrowUp':
		case 'Up':
			if (!isOpen() || !n)
				return;
			ev.preventDefault();
			setActive(active < 0 ? n - 1 : active - 1);
			break;
		case 'Enter':
			if (isOpen() && active >= 0) {
				ev.preventDefault();
				var href = options[active].href;
				stop();
				close();
				location.assign(href);
			}
			/* else the form goes to the search page */
			break;
		case 'Escape':
		case 'Esc':
			if (isOpen()) {
				ev.preventDefault();
				stop();
				close();
			} else if (input.value) {
				ev.preventDefault();
				stop();
				input.value = '';
				options = [];
				list.replaceChildren();
				drawn = null;
				announce('');
			}
			break;
		}
	});

	/* a click or focus anywhere else closes the list */
	document.addEventListener('pointerdown', function (ev) {
		if (isOpen() && !form.contains(ev.target))
			close();
	});
	form.addEventListener('focusout', function (ev) {
		if (isOpen() && ev.relatedTarget && !popup.contains(ev.relatedTarget) &&
		    ev.relatedTarget !== input)
			close();
	});
	form.addEventListener('submit', function () {
		stop();
		close();
	});
	window.addEventListener('resize', function () {
		if (isOpen())
			place();
	});
	/* back to this page from the product chosen */
	window.addEventListener('pageshow', function (ev) {
		if (ev.persisted)
			close();
	});
}());
