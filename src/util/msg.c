/*
 * The translation table.  Keep entries grouped by the module that files
 * them; the lookup is linear, which is fine for the few diags a run has.
 * Vietnamese text: plain words a DARD editor uses, field names as they
 * appear in the file (stars, producer…) left as they are.
 */
#include "msg.h"

#include <string.h>

#include "banned.h"

const struct msg_pair msg_table[] = {
	/* model/read.c */
	{ "missing required field \"%s\"", "thiếu trường bắt buộc \"%s\"" },
	{ "add a line \"%s: ...\"", "thêm một dòng \"%s: ...\"" },

	/* --- model/lint.c --- */
	/* --- end of model/lint.c --- */

	/* --- render/report.c --- */
	/* --- end of render/report.c --- */

	/* --- write/fmt.c --- */
	/* --- end of write/fmt.c --- */
};

const size_t msg_count = sizeof(msg_table) / sizeof(msg_table[0]);

const char *
msg_vi(const char *en)
{
	for (size_t i = 0; i < msg_count; i++)
		if (!strcmp(msg_table[i].en, en))
			return msg_table[i].vi;
	return NULL;
}
