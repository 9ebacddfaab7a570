/*
 * newsclean: strip boilerplate from scraped article text.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleaner.h"
#include "jsonl.h"
#include "linetab.h"
#include "options.h"
#include "outfile.h"
#include "reader.h"
#include "rules.h"
#include "util.h"
#include "writer.h"

#ifndef VERSION
#define VERSION "unknown"
#endif

static void
warn_rule(void *arg, const struct rule *r, const char *why)
{
	char msg[512];

	(void)arg;
	match_warning(r, why, msg, sizeof(msg));
	warnx("%s", msg);
}

/* stdout is the result: a failed write of it is an error, not a detail. */
static int
close_stdout(void)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (errno != EPIPE)
			warn("write error");
		return 2;
	}
	return 0;
}

static void
list_rules(const struct ruleset *set)
{
	size_t i;

	for (i = 0; i < rules_count(set); i++) {
		const struct rule *r = rules_at(set, i);

		printf("%s:%u\t%s\t%s\n", rule_file(r), rule_line(r),
		    rule_category_name(r), rule_source(r));
	}
}

static void
print_stats(const struct ruleset *set, const struct stats *st)
{
	size_t i;

	fprintf(stderr, "lines\t%zu\nkept\t%zu\ndropped\t%zu\n", st->lines,
	    st->kept, st->dropped);
	for (i = 0; i < st->ncat; i++)
		if (st->by_category[i] > 0)
			fprintf(stderr, "dropped:%s\t%zu\n",
			    stats_category_name(set, st, i), st->by_category[i]);
}

/* What every input is cleaned with. */
struct run {
	const struct options *o;
	struct reader *rd;
	struct cleaner *c;
	struct writer *w;	/* standard output, or the -o/-i file */
	struct jsonl *j;	/* --jsonl */
	struct outfile_inputs *inputs;	/* -o and -i: the files named */
	bool bad_records;	/* with --on-bad-record=fail */
};

/*
 * Clean one input; returns -1 if it could not be read to its end or had a
 * byte its charset cannot read (with --invalid=fail).
 */
static int
clean_text(struct run *r, int fd, const char *name)
{
	struct chunk ch;
	unsigned long long doc = 0;	/* where the current document began */
	bool in_doc = false;
	size_t replaced = cleaner_replaced(r->c);
	int rc;

	reader_reset(r->rd, fd);
	if (r->o->null_data) {
		const char *head;
		size_t n;

		/* UTF-16 split at its NULs would be a record a character;
		 * a pipe's first record is not kept waiting for more */
		if (reader_peek(r->rd, 4, &head, &n) < 0) {
			warn("%s", name);
			return -1;
		}
		if (cleaner_wide_stream(r->c, head, n)) {
			warnx("%s: UTF-16 or UTF-32 cannot be split at NUL "
			    "bytes (-z); convert it to UTF-8 first", name);
			return -1;
		}
	}
	while ((rc = reader_next(r->rd, &ch)) > 0) {
		if (!in_doc)
			doc = ch.offset;
		in_doc = !ch.doc_end;
		if (cleaner_feed(r->c, ch.text, ch.len, ch.doc_end) < 0) {
			warnx("%s: offset %llu: not valid %s", name,
			    doc + cleaner_invalid_at(r->c),
			    cleaner_charset(r->c));
			return -1;
		}
		if (writer_failed(r->w))
			return 0;
	}
	if (rc < 0) {
		warn("%s", name);
		if (in_doc)
			(void)cleaner_feed(r->c, "", 0, true);
		return -1;
	}
	if ((replaced = cleaner_replaced(r->c) - replaced) > 0)
		warnx("%s: %zu byte%s no charset could read, written as U+FFFD",
		    name, replaced, replaced == 1 ? "" : "s");
	return 0;
}

/* --jsonl: one record a line; a bad one is reported with its number. */
static int
clean_jsonl(struct run *r, int fd, const char *name)
{
	struct chunk ch;
	unsigned long long lineno = 0;
	char msg[512];
	int rc;

	reader_reset(r->rd, fd);
	while ((rc = reader_next(r->rd, &ch)) > 0) {
		size_t len = ch.len;

		lineno++;
		if (len > 0 && ch.text[len - 1] == '\r')
			len--;
		if (jsonl_record(r->j, ch.text, len, msg, sizeof(msg)) < 0) {
			warnx("%s:%llu: %s", name, lineno, msg);
			if (r->o->on_bad_record == BAD_PASS) {
				writer_raw(r->w, ch.text, ch.len);
				writer_raw(r->w, "\n", 1);
			} else if (r->o->on_bad_record == BAD_FAIL)
				r->bad_records = true;
		}
		if (writer_failed(r->w))
			return 0;
	}
	if (rc < 0) {
		warn("%s", name);
		return -1;
	}
	return 0;
}

static int
clean_input(struct run *r, int fd, const char *name)
{
	return r->j != NULL ? clean_jsonl(r, fd, name) :
	    clean_text(r, fd, name);
}

/*
 * Where -o puts the clean text of name: under dir, by the path it was
 * named by (less a leading / or ./).  NULL if that would leave dir.
 */
static char *
output_path(const char *dir, const char *name)
{
	const char *p = name, *s;
	size_t n;
	char *out;

	while (*p == '/' || (p[0] == '.' && p[1] == '/'))
		p += *p == '/' ? 1 : 2;
	for (s = p; *s != '\0'; s += strcspn(s, "/"), s += *s == '/')
		if (s[0] == '.' && s[1] == '.' && (s[2] == '/' || s[2] == '\0'))
			return NULL;
	if (*p == '\0')
		return NULL;
	n = strlen(dir) + strlen(p) + 2;
	out = xmalloc(n);
	snprintf(out, n, "%s/%s", dir, p);
	return out;
}

/*
 * Clean fd into the file of, opened already, and put it in place (with a
 * backup under -i's suffix).  Returns the exit status it earns: 1 when the
 * input could not be read or had an invalid byte, 2 when the file could not
 * be written.
 */
static int
clean_into(struct run *r, int fd, const char *name, const char *shown,
    struct outfile *of)
{
	int rc = 0;

	writer_set_fd(r->w, of->fd);
	if (clean_input(r, fd, name) < 0)
		rc = 1;
	if (writer_set_fd(r->w, STDOUT_FILENO) < 0) {
		warn("%s", shown);
		rc = 2;
	}
	if (rc != 0)
		outfile_abort(of);
	else if (outfile_commit(of, r->o->in_place ? r->o->backup_suffix :
	    NULL) < 0) {
		warn("%s", shown);
		rc = 2;
	}
	return rc;
}

/*
 * -o: clean file i into the output directory, never over a file that is
 * being cleaned (-o . would replace the file itself) nor over anything but
 * a regular file or a symbolic link.  Returns the exit status it earns.
 */
static int
clean_to_dir(struct run *r, int i, mode_t umask_bits)
{
	const char *name = r->o->files[i], *dir = r->o->output_dir;
	struct outfile of;
	struct stat st, at;
	char *path;
	int fd, rc;

	if ((fd = open(name, O_RDONLY)) < 0) {
		warn("%s", name);
		return 1;
	}
	if (fstat(fd, &st) < 0) {
		warn("%s", name);
		close(fd);
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		warnx("%s: Is a directory", name);
		close(fd);
		return 1;
	}
	rc = 1;
	if ((path = output_path(dir, name)) == NULL)
		warnx("%s: its name leads out of %s", name, dir);
	else if (lstat(path, &at) == 0 && !S_ISREG(at.st_mode) &&
	    !S_ISLNK(at.st_mode))
		warnx("%s: not a regular file", path);
	else if (stat(path, &at) == 0 && ((at.st_dev == st.st_dev &&
	    at.st_ino == st.st_ino) || outfile_inputs_find(r->inputs, &at) >= 0))
		warnx("%s: its output, %s, is an input file", name, path);
	else if (outfile_open(&of, path, 0666 & ~umask_bits, 1) < 0) {
		warn("%s", path);
		rc = 2;
	} else
		rc = clean_into(r, fd, name, path, &of);
	free(path);
	close(fd);
	return rc;
}

/* Whether -i's backup of path would replace a file named to be cleaned. */
static bool
backup_is_input(const struct run *r, const char *path)
{
	const char *suffix = r->o->backup_suffix;
	struct stat st;
	size_t n;
	char *b;
	bool is;

	if (suffix == NULL)
		return false;
	n = strlen(path) + strlen(suffix) + 1;
	b = xmalloc(n);
	snprintf(b, n, "%s%s", path, suffix);
	is = stat(b, &st) == 0 && outfile_inputs_find(r->inputs, &st) >= 0;
	free(b);
	return is;
}

/*
 * -i: replace file i with its clean text.  Only a regular file with no
 * other hard link is replaced (anything else would be harmed: a device or
 * a FIFO turned into a file, a link broken); a symbolic link is followed
 * and its target replaced, the link kept; a file named twice is cleaned
 * once.  Returns the exit status it earns.
 */
static int
clean_in_place(struct run *r, int i)
{
	const char *name = r->o->files[i];
	struct outfile of;
	struct stat st, fst;
	char *path;
	int fd, first, rc;

	if (stat(name, &st) < 0) {
		warn("%s", name);
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		warnx("%s: Is a directory", name);
		return 1;
	}
	if (!S_ISREG(st.st_mode)) {
		warnx("%s: not a regular file", name);
		return 1;
	}
	if (st.st_nlink > 1) {
		warnx("%s: has %ju links; replacing it would break them",
		    name, (uintmax_t)st.st_nlink);
		return 1;
	}
	if ((first = outfile_inputs_first(r->inputs, i)) < i) {
		warnx("%s: the same file as %s; not cleaned twice", name,
		    r->o->files[first]);
		return 0;
	}
	if ((path = realpath(name, NULL)) == NULL) {
		warn("%s", name);
		return 1;
	}
	if (backup_is_input(r, path)) {
		struct stat lst;

		/* the backup is beside the file a link leads to */
		warnx("%s: its backup, %s%s, is an input file", name,
		    lstat(name, &lst) == 0 && S_ISLNK(lst.st_mode) ? path :
		    name, r->o->backup_suffix);
		free(path);
		return 1;
	}
	/* non-blocking: should a FIFO take its place, open(2) returns */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW)) < 0 ||
	    fstat(fd, &fst) < 0 || fst.st_dev != st.st_dev ||
	    fst.st_ino != st.st_ino || fcntl(fd, F_SETFL, 0) < 0) {
		if (fd < 0)
			warn("%s", name);
		else
			warnx("%s: changed while being opened", name);
		if (fd >= 0)
			close(fd);
		free(path);
		return 1;
	}
	if (outfile_open(&of, path, st.st_mode & 07777, 0) < 0) {
		warn("%s", name);
		rc = 2;
	} else {
		/* the owner kept too, where we may (before the mode is set) */
		if (fchown(of.fd, st.st_uid, st.st_gid) < 0 &&
		    fchown(of.fd, (uid_t)-1, st.st_gid) < 0) {
			/* ours, then: as when any user writes a new file */
		}
		rc = clean_into(r, fd, name, name, &of);
	}
	free(path);
	close(fd);
	return rc;
}

/*
 * Exit status: 0 all input was cleaned; 1 an input was not cleaned (the
 * others still were): it could not be read, was refused by -o or -i, was
 * UTF-16 or UTF-32 given to -z, had a byte its charset cannot read with
 * --invalid=fail, or a bad record with --on-bad-record=fail; 2 a usage error, an unknown charset, a rule error,
 * or output that could not be written: standard output, a file of -o or
 * -i, or the --stats report.
 */
int
main(int argc, char **argv)
{
	struct options o;
	struct ruleset *set;
	struct writer *mem = NULL;
	struct cleaner_config cf;
	struct run r;
	char err[1024];
	int status = 0, i, rc;
	size_t k;
	mode_t umask_bits = umask(0);

	umask(umask_bits);
	if (options_parse(&o, argc, argv) < 0)
		return 2;
	if (o.help) {
		options_help(stdout);
		return close_stdout();
	}
	if (o.version) {
		printf("newsclean %s\n", VERSION);
		return close_stdout();
	}

	set = rules_new();
	if (!o.no_default_rules && rules_load_default(set) < 0)
		errx(2, "%s", rules_error(set));
	for (k = 0; k < o.nrule_files; k++)
		if (rules_load_file(set, o.rule_files[k]) < 0)
			errx(2, "%s", rules_error(set));
	if (o.check || o.list_rules) {
		/* what a run would refuse, --check refuses too */
		if (o.check && cleaner_check_settings(set, err,
		    sizeof(err)) < 0)
			errx(2, "%s", err);
		if (o.list_rules)
			list_rules(set);
		else
			printf("%zu rules: ok\n", rules_count(set));
		rules_free(set);
		options_free(&o);
		return close_stdout();
	}

	memset(&r, 0, sizeof(r));
	r.o = &o;
	cf.sep = o.null_data ? '\0' : -1;
	cf.detect = !o.rules_only;
	cf.model = o.model;
	cf.charset = o.charset;
	cf.fallback = o.fallback;
	cf.invalid = o.invalid;
	cf.normalize = o.normalize;
	cf.no_jit = o.no_jit;
	cf.warn = warn_rule;
	cf.warn_arg = NULL;
	r.w = writer_new(STDOUT_FILENO, o.explain ? WRITE_EXPLAIN : WRITE_TEXT);
	if (o.jsonl != NULL) {
		/* each record's text is cleaned into memory, then put back */
		struct jsonl_config jc = { o.jsonl, o.jsonl_stats, o.charset,
		    o.fallback, o.invalid };

		mem = writer_new(-1, o.explain ? WRITE_EXPLAIN : WRITE_TEXT);
		/* a record is decoded before it is parsed: the text of its
		 * field is UTF-8 already */
		cf.charset = "UTF-8";
		if ((r.c = cleaner_new(set, mem, &cf, err, sizeof(err))) ==
		    NULL || (r.j = jsonl_new(&jc, set, r.c, mem, r.w, err,
		    sizeof(err))) == NULL)
			errx(2, "%s", err);
		r.rd = reader_new('\n', true);
	} else {
		if ((r.c = cleaner_new(set, r.w, &cf, err, sizeof(err))) ==
		    NULL)
			errx(2, "%s", err);
		if (o.null_data && !cleaner_ascii_compatible(r.c))
			errx(2, "-z needs a charset that reads NUL and ASCII as "
			    "bytes, not %s", o.charset);
		/* the detector needs each document whole; rules alone can
		 * stream */
		r.rd = reader_new(cf.sep, cf.detect);
	}
	if (o.output_dir != NULL || o.in_place)
		r.inputs = outfile_inputs_new(o.files, o.nfiles);
	if (o.nfiles == 0 && clean_input(&r, STDIN_FILENO, "stdin") < 0)
		status = 1;
	for (i = 0; i < o.nfiles && !writer_failed(r.w); i++) {
		const char *name = o.files[i];
		int fd;

		if (strcmp(name, "-") == 0) {
			if (clean_input(&r, STDIN_FILENO, "stdin") < 0)
				status = 1;
			continue;
		}
		if (o.in_place)
			rc = clean_in_place(&r, i);
		else if (o.output_dir != NULL)
			rc = clean_to_dir(&r, i, umask_bits);
		else if ((fd = open(name, O_RDONLY)) < 0) {
			warn("%s", name);
			rc = 1;
		} else {
			rc = clean_input(&r, fd, name) < 0 ? 1 : 0;
			close(fd);
		}
		if (rc > status)
			status = rc;
	}
	if (r.bad_records && status == 0)
		status = 1;
	if (writer_flush(r.w) < 0) {
		if (errno != EPIPE)
			warn("write error");
		status = 2;
	}
	/* the stats are output too: lost, they are a write error */
	if (o.stats) {
		print_stats(set, cleaner_stats(r.c));
		if (fflush(stderr) == EOF || ferror(stderr))
			status = 2;
	}

	jsonl_free(r.j);
	outfile_inputs_free(r.inputs);
	cleaner_free(r.c);
	writer_free(r.w);
	writer_free(mem);
	reader_free(r.rd);
	rules_free(set);
	options_free(&o);
	return status;
}
