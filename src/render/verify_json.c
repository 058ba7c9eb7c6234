/*
 * verify_json.c - a shard of the certificate lookup (verify_json.h).
 * A shard holds a few dozen products at most but a batch decision's,
 * so it is built as json-c objects and written in one go.
 */
#include "verify_json.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "jsonout.h"
#include "../model/date.h"
#include "../plan/urls.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

static struct json_object *
record(const struct plan *p, const struct product *pr, struct arena *a)
{
	const struct site *s = p->c->site;
	const struct certificate *c = &pr->cert;
	struct json_object *o = json_object_new_object();
	jsonout_str(o, "url", urls_product(a, pr->e.slug));
	jsonout_str(o, "name", pr->e.name);
	struct json_object *names = json_object_new_object();
	for (size_t k = 1; k < s->n_languages; k++) {
		const struct product *t = product_in(pr, (int)k);
		if (t != pr && t->e.name && strcmp(t->e.name, pr->e.name))
			jsonout_str(names, s->languages[k], t->e.name);
	}
	if (json_object_object_length(names))
		json_object_object_add(o, "names", names);
	else
		json_object_put(names);
	json_object_object_add(o, "stars", json_object_new_int(pr->stars));
	if (pr->producer)
		jsonout_str(o, "producer", pr->producer->e.name);
	jsonout_str(o, "number", c->number);
	jsonout_str(o, "issuer", c->issuer);
	if (!c->details_unknown) {
		jsonout_date(o, "issued", &c->issued);
		jsonout_date(o, "expires", &c->expires);
	}
	jsonout_str(o, "status",
		    model_cert_status_slugs[cert_status(c, p->c->as_of_days)]);
	if (c->revoked.set) {
		struct json_object *r = json_object_new_object();
		jsonout_date(r, "date", &c->revoked.date);
		jsonout_str(r, "decision", c->revoked.decision);
		json_object_object_add(o, "revoked", r);
	}
	const struct plan_list *d = plan_decision(p, pr);
	if (d)
		jsonout_str(o, "decision", d->url);
	jsonout_str(o, "code", pr->code);
	jsonout_str(o, "gtin", pr->gtin);
	return o;
}

static int
by_item(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return (a > b) - (a < b);
}

void
verify_json(struct sbuf *out, const struct plan *p, const struct plan_item *it)
{
	const struct verify_index *vx = &p->verify;
	size_t first = vx->shard_first[it->page];
	size_t end = vx->shard_first[it->page + 1];
	struct arena arena = ARENA_INIT;

	/* the shard's products, once each, in the list's order */
	uint32_t *items = xcalloc(end - first + 1, sizeof(*items));
	size_t n = 0;
	for (size_t k = first; k < end; k++)
		items[n++] = vx->keys[k].item;
	if (n)
		qsort(items, n, sizeof(*items), by_item);
	size_t distinct = 0;
	for (size_t k = 0; k < n; k++)
		if (!distinct || items[distinct - 1] != items[k])
			items[distinct++] = items[k];

	struct json_object *root = json_object_new_object();
	json_object_object_add(root, "version", json_object_new_int(VERIFY_VERSION));
	struct json_object *keys = json_object_new_object();
	for (size_t k = first; k < end; k++) {
		const struct verify_key *vk = &vx->keys[k];
		struct json_object *list = NULL;
		json_object_object_get_ex(keys, vk->key, &list);
		if (!list) {
			list = json_object_new_array();
			json_object_object_add(keys, vk->key, list);
		}
		uint32_t *at = bsearch(&vk->item, items, distinct, sizeof(*items),
				       by_item);
		struct json_object *pair = json_object_new_array();
		json_object_array_add(pair, json_object_new_int((int)(at - items)));
		json_object_array_add(pair,
			json_object_new_string(verify_role_names[vk->role]));
		json_object_array_add(list, pair);
	}
	json_object_object_add(root, "keys", keys);
	struct json_object *certs = json_object_new_array();
	for (size_t k = 0; k < distinct; k++)
		json_object_array_add(certs, record(p, vx->items[items[k]], &arena));
	json_object_object_add(root, "certificates", certs);
	jsonout_put(out, root);
	sbuf_putc(out, '\n');
	free(items);
	arena_release(&arena);
}
