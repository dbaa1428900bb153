// SPDX-License-Identifier: GPL-2.0
/*
 * core_check: the CO-RE field relocations of wakeref's BPF objects, checked
 * against the BTF of a real kernel and its modules, without loading anything.
 *
 *   core_check [--rename STRUCT.FIELD=NAME]... VMLINUX MODULE.ko... -- OBJ.bpf.o...
 *
 * For every field relocation of each object (the CO-RE relocation records of
 * its .BTF.ext: BPF_CORE_READ, plain loads through typed pointers,
 * bpf_core_field_exists()), the local access path (root struct, then member
 * names) is looked up in the kernel's BTF: vmlinux first, then each module
 * (split BTF on vmlinux), as libbpf does.  One line per distinct path:
 *
 *   ok      OBJ STRUCT.a.b  off=N size=M [MODULE]
 *   guarded OBJ STRUCT.a.b  absent here, the object checks it with bpf_core_field_exists()
 *   FAIL    OBJ STRUCT.a.b  absent here, and nothing checks its existence
 *   FAIL    OBJ STRUCT.a.b  size N here, the program reads M
 *   notype  OBJ STRUCT      not in this kernel (the functions that take it are absent too)
 *
 * Exit 1 when a FAIL line was printed.  --rename makes a field of the kernel's
 * BTF look renamed (the negative control: a field that disappears must fail).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <linux/btf.h>

#define MAX_TARGETS	16
#define MAX_DEPTH	16
#define MAX_RENAMES	8

struct core_relo_rec {
	__u32 insn_off;
	__u32 type_id;
	__u32 access_str_off;
	__u32 kind;
};

struct ext_hdr {
	__u16 magic;
	__u8 version;
	__u8 flags;
	__u32 hdr_len;
	__u32 func_info_off, func_info_len;
	__u32 line_info_off, line_info_len;
	__u32 core_relo_off, core_relo_len;
};

struct target {
	const char *name;
	struct btf *btf;
};

struct path {
	char root[128];			/* essential name: "___flavour" cut */
	char names[MAX_DEPTH][64];	/* named members, anonymous ones skipped */
	int n;
	__u32 size;			/* a plain load's size (a scalar leaf), 0: none */
	char kind;			/* its scalar_kind() */
	bool exists_check;		/* a BPF_CORE_FIELD_EXISTS relocation */
	bool sized;			/* read with its size relocated (bitfields, BPF_CORE_READ) */
	bool leaf_array;		/* the access ends on an element of an array member */
};

static struct target targets[MAX_TARGETS];
static int nr_targets;
static struct { char strct[128], field[64], name[64]; } renames[MAX_RENAMES];
static int nr_renames;

/*
 * A scalar's kind for libbpf's load-size adjustment: 'p' a pointer, 'u' an
 * unsigned integer (both zero-extend, so libbpf resizes their loads), 'o'
 * another scalar (signed, enum: a resized load would read another value),
 * 0 not a whole scalar
 */
static char scalar_kind(const struct btf_type *t)
{
	if (!t)
		return 0;
	if (btf_is_ptr(t))
		return 'p';
	if (btf_is_int(t))
		return btf_int_encoding(t) & BTF_INT_SIGNED ? 'o' : 'u';
	return btf_is_enum(t) ? 'o' : 0;
}

static const struct btf_type *skip_mods(const struct btf *btf, __u32 *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t;
}

static void essential(const char *name, char *out, size_t size)
{
	const char *f = strstr(name, "___");

	snprintf(out, size, "%.*s", f ? (int)(f - name) : (int)strlen(name), name);
}

static __u32 type_size(const struct btf *btf, __u32 id)
{
	__s64 sz = btf__resolve_size(btf, id);

	return sz < 0 ? 0 : (__u32)sz;
}

/* the local access path of one relocation; false if it is not a struct field */
static bool local_path(const struct btf *btf, const struct core_relo_rec *r, struct path *p)
{
	const char *spec = btf__str_by_offset(btf, r->access_str_off);
	const struct btf_type *t;
	__u32 id = r->type_id;
	char *end;
	int i = 0;

	memset(p, 0, sizeof(*p));
	if (r->kind > 5 && r->kind != 2)	/* field relocations only */
		return false;
	t = skip_mods(btf, &id);
	if (!t || !(btf_is_struct(t) || btf_is_union(t)) || !spec)
		return false;
	essential(btf__name_by_offset(btf, t->name_off), p->root, sizeof(p->root));
	strtoul(spec, &end, 10);		/* the root's array index */
	while (*end == ':') {
		long idx = strtol(end + 1, &end, 10);

		p->leaf_array = btf_is_array(t);
		if (btf_is_struct(t) || btf_is_union(t)) {
			const struct btf_member *m = btf_members(t) + idx;
			const char *name = btf__name_by_offset(btf, m->name_off);

			if (name && *name && p->n < MAX_DEPTH)
				snprintf(p->names[p->n++], sizeof(p->names[0]), "%s", name);
			id = m->type;
		} else if (btf_is_array(t)) {
			id = btf_array(t)->type;
		} else {
			return false;
		}
		t = skip_mods(btf, &id);
		i++;
	}
	/* a plain load: its width is fixed in the instruction, the kernel's must match */
	if (r->kind == 0 && t && (btf_is_int(t) || btf_is_ptr(t) || btf_is_enum(t))) {
		p->size = type_size(btf, id);
		p->kind = scalar_kind(t);
	}
	p->exists_check = r->kind == 2;
	p->sized = r->kind == 1 || r->kind >= 3;
	return i > 0;
}

static const char *renamed(const char *strct, const char *field)
{
	int i;

	for (i = 0; i < nr_renames; i++)
		if (!strcmp(renames[i].strct, strct) && !strcmp(renames[i].field, field))
			return renames[i].name;
	return field;
}

/* member @name of struct/union @t, looked for through anonymous members too */
static bool find_member(const struct btf *btf, const struct btf_type *t, const char *strct,
			const char *name, __u32 *off_bits, __u32 *type_id)
{
	const struct btf_member *m = btf_members(t);
	int i;

	for (i = 0; i < btf_vlen(t); i++, m++) {
		const char *mn = btf__name_by_offset(btf, m->name_off);
		__u32 id = m->type, sub;
		const struct btf_type *mt;

		if (mn && *mn) {
			if (strcmp(renamed(strct, mn), name))
				continue;
			*off_bits = btf_member_bit_offset(t, i);
			*type_id = m->type;
			return true;
		}
		mt = skip_mods(btf, &id);
		if (mt && (btf_is_struct(mt) || btf_is_union(mt)) &&
		    find_member(btf, mt, strct, name, &sub, type_id)) {
			*off_bits = btf_member_bit_offset(t, i) + sub;
			return true;
		}
	}
	return false;
}

/*
 * Resolve @p in @target.  Returns 1 resolved (*off, *size), 0 the root type
 * is there but the path is not, -1 no such root type.
 */
static int resolve(const struct btf *btf, const struct path *p, __u32 *off, __u32 *size,
		   char *scalar)
{
	__s32 root = btf__find_by_name_kind(btf, p->root, BTF_KIND_STRUCT);
	const struct btf_type *t;
	__u32 id, bits = 0, o;
	const char *strct = p->root;
	int i;

	if (root < 0)
		root = btf__find_by_name_kind(btf, p->root, BTF_KIND_UNION);
	if (root < 0)
		return -1;
	id = root;
	t = skip_mods(btf, &id);
	for (i = 0; i < p->n; i++) {
		while (t && btf_is_array(t)) {
			id = btf_array(t)->type;
			t = skip_mods(btf, &id);
		}
		if (!t || !(btf_is_struct(t) || btf_is_union(t)))
			return 0;
		if (!find_member(btf, t, strct, p->names[i], &o, &id))
			return 0;
		bits += o;
		*size = type_size(btf, id);
		t = skip_mods(btf, &id);
		*scalar = o % 8 ? 0 : scalar_kind(t);
		strct = btf__name_by_offset(btf, t->name_off);
	}
	if (p->leaf_array) {
		if (!t || !btf_is_array(t))
			return 0;
		id = btf_array(t)->type;
		*size = type_size(btf, id);
		t = skip_mods(btf, &id);
		*scalar = bits % 8 ? 0 : scalar_kind(t);
	}
	*off = bits / 8;
	return 1;
}

static void path_str(const struct path *p, char *out, size_t size)
{
	int i, n = snprintf(out, size, "%s", p->root);

	for (i = 0; i < p->n && n < (int)size; i++)
		n += snprintf(out + n, size - n, ".%s", p->names[i]);
}

struct seen {
	struct path p;
	bool guarded;
};

/* @a is @b or a path above it */
static bool path_prefix(const struct path *a, const struct path *b)
{
	return !strcmp(a->root, b->root) && a->n <= b->n &&
	       !memcmp(a->names, b->names, a->n * sizeof(a->names[0]));
}

/* a copy of section @name of ELF file @path (libbpf 1.1 does not export btf_ext's) */
static void *elf_section(const char *path, const char *name, size_t *size)
{
	int fd = open(path, O_RDONLY);
	Elf_Scn *scn = NULL;
	void *copy = NULL;
	size_t shstrndx;
	Elf *elf;

	if (fd < 0)
		return NULL;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_getshdrstrndx(elf, &shstrndx))
		goto out;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || strcmp(elf_strptr(elf, shstrndx, sh.sh_name), name))
			continue;
		d = elf_getdata(scn, NULL);
		if (d && d->d_size && (copy = malloc(d->d_size))) {
			memcpy(copy, d->d_buf, d->d_size);
			*size = d->d_size;
		}
		break;
	}
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return copy;
}

static int check_object(const char *obj)
{
	struct btf *btf = btf__parse_elf(obj, NULL);
	size_t ext_size = 0;
	void *ext = elf_section(obj, ".BTF.ext", &ext_size);
	const struct ext_hdr *h;
	const char *base, *rec, *end;
	struct seen *seen = NULL;
	size_t nr = 0, i, j;
	__u32 rec_size;
	int bad = 0, k;
	const char *short_obj = strrchr(obj, '/') ? strrchr(obj, '/') + 1 : obj;

	if (!btf || !ext) {
		fprintf(stderr, "core_check: %s: no BTF or .BTF.ext\n", obj);
		return 2;
	}
	h = ext;
	if (ext_size < sizeof(*h) || h->hdr_len < sizeof(*h) || !h->core_relo_len) {
		printf("# %s: no CO-RE relocations\n", short_obj);
		goto out;
	}
	base = (const char *)h + h->hdr_len + h->core_relo_off;
	end = base + h->core_relo_len;
	rec_size = *(const __u32 *)base;
	for (rec = base + 4; rec + 8 <= end;) {
		__u32 num = ((const __u32 *)rec)[1];

		rec += 8;
		for (j = 0; j < num; j++, rec += rec_size) {
			struct path p;

			if (!local_path(btf, (const struct core_relo_rec *)rec, &p))
				continue;
			for (i = 0; i < nr; i++) {
				if (!strcmp(seen[i].p.root, p.root) && seen[i].p.n == p.n &&
				    !memcmp(seen[i].p.names, p.names, sizeof(p.names)))
					break;
			}
			if (i == nr) {
				seen = realloc(seen, (nr + 1) * sizeof(*seen));
				if (!seen)
					return 2;
				seen[nr].p = p;
				seen[nr++].guarded = false;
			}
			if (p.exists_check)
				seen[i].guarded = true;
			else if (p.size)
				seen[i].p.size = p.size;
			seen[i].p.sized |= p.sized;
		}
	}
	/* a check of a member's existence guards the members below it too */
	for (i = 0; i < nr; i++)
		for (j = 0; j < nr; j++)
			if (seen[j].guarded && path_prefix(&seen[j].p, &seen[i].p))
				seen[i].guarded = true;
	for (i = 0; i < nr; i++) {
		char name[512];
		__u32 off = 0, sz = 0;
		char scalar = 0;
		int ret = -1;

		path_str(&seen[i].p, name, sizeof(name));
		for (k = 0; k < nr_targets && ret < 0; k++)
			ret = resolve(targets[k].btf, &seen[i].p, &off, &sz, &scalar);
		k--;
		if (ret < 0)
			printf("notype  %s %s: not in this kernel\n", short_obj, seen[i].p.root);
		else if (ret == 0 && seen[i].guarded)
			printf("guarded %s %s: absent here, checked by bpf_core_field_exists()\n",
			       short_obj, name);
		else if (ret == 0) {
			printf("FAIL    %s %s: absent in %s, and nothing checks its existence\n",
			       short_obj, name, targets[k].name);
			bad = 1;
		} else if (seen[i].p.size && !seen[i].p.sized &&
			   (!scalar || (sz != seen[i].p.size &&
					!(scalar == seen[i].p.kind && scalar != 'o')))) {
			/* libbpf resizes a load of an unsigned integer or a pointer */
			printf("FAIL    %s %s: %u bytes%s in %s, the program loads %u\n", short_obj,
			       name, sz, scalar ? "" : " (not a whole scalar)", targets[k].name,
			       seen[i].p.size);
			bad = 1;
		} else {
			printf("ok      %s %s: off=%u size=%u [%s]\n", short_obj, name, off, sz,
			       targets[k].name);
		}
	}
out:
	free(seen);
	free(ext);
	btf__free(btf);
	return bad;
}

int main(int argc, char **argv)
{
	int i, ret = 0, r;
	struct btf *vmlinux;

	for (i = 1; i < argc && !strcmp(argv[i], "--rename"); i += 2) {
		char *dot, *eq;

		if (i + 1 >= argc || nr_renames == MAX_RENAMES)
			goto usage;
		dot = strchr(argv[i + 1], '.');
		eq = dot ? strchr(dot, '=') : NULL;
		if (!eq)
			goto usage;
		snprintf(renames[nr_renames].strct, sizeof(renames[0].strct), "%.*s",
			 (int)(dot - argv[i + 1]), argv[i + 1]);
		snprintf(renames[nr_renames].field, sizeof(renames[0].field), "%.*s",
			 (int)(eq - dot - 1), dot + 1);
		snprintf(renames[nr_renames].name, sizeof(renames[0].name), "%s", eq + 1);
		nr_renames++;
	}
	if (i >= argc)
		goto usage;
	vmlinux = btf__parse(argv[i], NULL);
	if (!vmlinux) {
		fprintf(stderr, "core_check: %s: no BTF (%s)\n", argv[i], strerror(errno));
		return 2;
	}
	targets[nr_targets].name = "vmlinux";
	targets[nr_targets++].btf = vmlinux;
	for (i++; i < argc && strcmp(argv[i], "--"); i++) {
		struct btf *b = btf__parse_split(argv[i], vmlinux);
		const char *s = strrchr(argv[i], '/');

		if (!b || nr_targets == MAX_TARGETS) {
			fprintf(stderr, "core_check: %s: no module BTF\n", argv[i]);
			return 2;
		}
		targets[nr_targets].name = s ? s + 1 : argv[i];
		targets[nr_targets++].btf = b;
	}
	if (i >= argc - 1)
		goto usage;
	for (i++; i < argc; i++) {
		r = check_object(argv[i]);
		if (r > ret)
			ret = r;
	}
	return ret;
usage:
	fprintf(stderr, "usage: core_check [--rename STRUCT.FIELD=NAME]... VMLINUX MODULE.ko... "
		"-- OBJ.bpf.o...\n");
	return 2;
}
