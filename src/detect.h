/*
 * The content detector: finds the article in a whole page dumped to text,
 * from the text alone, and drops the lines around it that no rule named.
 * It runs after the rules pass, on a whole document's line table, and
 * scores each line with a model learned from labelled pages (model.h).
 */
#ifndef DETECT_H
#define DETECT_H

#include <stdbool.h>
#include <stddef.h>

struct detector;
struct line;
struct linetab;
struct model;

struct detector *detector_new(void);
void detector_free(struct detector *);

/*
 * Set a setting by name (content-threshold; see newsclean-rules(5)).
 * Returns -1 with a message in err for an unknown name or a bad value.
 */
int detector_set(struct detector *, const char *name, const char *value,
    char *err, size_t errsz);

/* Use model m instead of the built-in one; m outlives the detector (one
 * model serves the detectors of every thread). */
void detector_use_model(struct detector *, const struct model *m);

/*
 * Whether the detector judges line l (after the rules pass): one no rule
 * decided, or a hint rule's; a keep rule's line it keeps without asking.
 */
bool detector_judges(const struct line *l);

/* Mark the lines of a whole document that are not part of its article. */
void detector_run(struct detector *, struct linetab *);

#endif
