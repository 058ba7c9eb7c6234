/*
 * packorder.h - where objects lie in a repository's pack files.
 *
 * A catalog with history keeps its entries as deltas of each other in
 * its packs, chains of about 12 on average in a realistic repository
 * and up to 50.  libgit2 rebuilds an object by applying its chain, and
 * keeps only a small cache of delta bases, so reading 30,000 entries in
 * path order rebuilds most chains from their start: 2.7 s at 20,000
 * products.  Read in the order they lie in their pack (git writes a
 * base before its deltas), the bases are still in the cache: 1.1 s.
 *
 * This module reads the pack indexes (objects/pack/\*.idx, version 2:
 * Documentation/gitformat-pack.txt in git) and gives each object a sort
 * key.  The key is only an order: the objects are still read, and
 * checked, by libgit2.  An index that is missing, of another version or
 * damaged is skipped; its objects sort last, as loose objects do.
 */
#ifndef OCOP_PACKORDER_H
#define OCOP_PACKORDER_H

#include <stdint.h>

struct pack_order;

/* Reads the indexes under objects_dir/pack.  Never fails: NULL (no
 * index readable) is a valid argument to the functions below. */
struct pack_order *pack_order_open(const char *objects_dir);

/* The object's place: its pack's number in the high bits and its
 * offset in the low ones; UINT64_MAX when it is in no index read. */
uint64_t pack_order_key(const struct pack_order *po,
			const unsigned char id[20]);

void pack_order_close(struct pack_order *po);

#endif
