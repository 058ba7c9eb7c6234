/*
 * verify_json.h - the shards of the certificate lookup's keys
 * (plan/verify.h, docs/verify.md), read by the theme's verify.js:
 *
 *   verify/keys/<n>.json  {version, keys: {key: [[certificate, role],
 *                         ...]}, certificates: [{url, name, names?,
 *                         stars, producer?, number?, issuer?, issued?,
 *                         expires?, status, revoked?: {date,
 *                         decision?}, decision?, code?, gtin?}]}
 *
 * certificate indexes the shard's "certificates", which hold each
 * product its keys name once, in the list's order; role is one of
 * verify_role_names.  status is the certificate's on the build date;
 * names, a product's names in the other languages where its
 * translation names it otherwise; decision, the page of the decision
 * that recognised it with others.  Written with json-c.
 */
#ifndef OCOP_VERIFY_JSON_H
#define OCOP_VERIFY_JSON_H

#include "../plan/plan.h"
#include "../util/sbuf.h"

/* The version of the shards' format (their "version"). */
enum { VERIFY_VERSION = 1 };

/* The bytes of plan item it (PLAN_VERIFY_KEYS). */
void verify_json(struct sbuf *out, const struct plan *p,
		 const struct plan_item *it);

#endif
