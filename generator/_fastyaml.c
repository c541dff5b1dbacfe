/* The fast path of the strict YAML loader (generator/yamlload.py).
 *
 * parse(data, max_depth, scalar_type, positions) reads one UTF-8 YAML document with libyaml and
 * builds the same plain data as yamlload._build -- dicts, lists, str, None, and
 * scalar_type(text, value) for a plain scalar that YAML 1.2 reads as a number or boolean, with
 * the value read exactly as yamlload.resolve_plain reads it -- directly from
 * libyaml's C event stream, without making a Python object per event.  Given a dict as
 * positions, it also fills in the place of every mapping key and list item by its path, as
 * yamlload._build does with track=True.
 *
 * It handles only acceptable input.  On anything the strict loader refuses or reports (a syntax
 * or encoding error, an anchor, alias or tag, a duplicate or merge key, a key that is not a
 * scalar, a second document, nesting deeper than max_depth) it returns NotImplemented, and the
 * Python loader parses the file again to produce its message with line and column.  So the
 * messages have a single source, and this file only has to be right about the data.
 *
 * Nesting is bounded by max_depth and the stack is a fixed array: no recursion, whatever the
 * input.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>
#include <ctype.h>
#include <math.h>
#include <string.h>
#include <yaml.h>

#define STACK_LIMIT 64

typedef struct {
    PyObject *container; /* borrowed: owned by its parent, or by `root` */
    PyObject *key;       /* owned: the key waiting for its value (mappings), or NULL */
    PyObject *path;      /* owned: the container's path when positions are tracked, or NULL */
    int is_map;
} Frame;

/* positions[(*path, last)] = (line, column), both 1-based; steals nothing. */
static int
record_position(PyObject *positions, PyObject *path, PyObject *last, yaml_mark_t mark,
                PyObject **made)
{
    Py_ssize_t n = path == NULL ? 0 : PyTuple_GET_SIZE(path);
    PyObject *where = PyTuple_New(last == NULL ? n : n + 1);
    if (where == NULL) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(path, i);
        Py_INCREF(item);
        PyTuple_SET_ITEM(where, i, item);
    }
    if (last != NULL) {
        Py_INCREF(last);
        PyTuple_SET_ITEM(where, n, last);
    }
    int rc = -1;
    PyObject *place = Py_BuildValue("(nn)", (Py_ssize_t)mark.line + 1,
                                    (Py_ssize_t)mark.column + 1);
    if (place != NULL && (positions == NULL || PyDict_SetItem(positions, where, place) == 0)) {
        rc = 0;
    }
    Py_XDECREF(place);
    if (rc == 0 && made != NULL) {
        *made = where;
    }
    else {
        Py_DECREF(where);
    }
    return rc;
}

static PyObject *value_name; /* "value", interned at import */

static int
all_in(const char *text, Py_ssize_t from, Py_ssize_t to, const char *allowed)
{
    if (from >= to) {
        return 0;
    }
    for (Py_ssize_t i = from; i < to; i++) {
        if (text[i] == '\0' || strchr(allowed, text[i]) == NULL) {
            return 0;
        }
    }
    return 1;
}

#define DIGITS "0123456789"

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? -- yamlload._FLOAT */
static int
is_float(const char *text, Py_ssize_t size)
{
    Py_ssize_t i = 0, start;
    if (i < size && (text[i] == '-' || text[i] == '+')) {
        i++;
    }
    if (i < size && text[i] == '.') {
        start = ++i;
        while (i < size && text[i] >= '0' && text[i] <= '9') {
            i++;
        }
        if (i == start) {
            return 0;
        }
    }
    else {
        start = i;
        while (i < size && text[i] >= '0' && text[i] <= '9') {
            i++;
        }
        if (i == start) {
            return 0;
        }
        if (i < size && text[i] == '.') {
            i++;
            while (i < size && text[i] >= '0' && text[i] <= '9') {
                i++;
            }
        }
    }
    if (i < size && (text[i] == 'e' || text[i] == 'E')) {
        i++;
        if (i < size && (text[i] == '-' || text[i] == '+')) {
            i++;
        }
        return all_in(text, i, size, DIGITS);
    }
    return i == size;
}

static const char *const INFINITIES[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", NULL};
static const char *const NEGATIVE_INFINITIES[] = {"-.inf", "-.Inf", "-.INF", NULL};
static const char *const NANS[] = {".nan", ".NaN", ".NAN", NULL};

static int
one_of(const char *text, Py_ssize_t size, const char *const *words)
{
    for (; *words != NULL; words++) {
        if ((Py_ssize_t)strlen(*words) == size && memcmp(text, *words, size) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The YAML 1.2 core-schema value of a plain scalar, exactly as yamlload.resolve_plain reads
 * it: a new reference to a bool, int or float; NULL with no error set when the scalar is text
 * (NULL with an error set on failure). */
static PyObject *
special_value(const char *text, Py_ssize_t size)
{
    static const char *const TRUES[] = {"true", "True", "TRUE", NULL};
    static const char *const FALSES[] = {"false", "False", "FALSE", NULL};
    char first = text[0];
    if (first == 't' || first == 'T' || first == 'f' || first == 'F') {
        if (one_of(text, size, TRUES)) {
            Py_RETURN_TRUE;
        }
        if (one_of(text, size, FALSES)) {
            Py_RETURN_FALSE;
        }
        return NULL;
    }
    if (!((first >= '0' && first <= '9') || first == '+' || first == '-' || first == '.')) {
        return NULL;
    }
    int base = 0;
    const char *digits = text;
    if (all_in(text, (first == '-' || first == '+') ? 1 : 0, size, DIGITS)) {
        base = 10;
    }
    else if (size > 2 && text[0] == '0' && text[1] == 'o' && all_in(text, 2, size, "01234567")) {
        base = 8;
        digits = text + 2;
    }
    else if (size > 2 && text[0] == '0' && text[1] == 'x' &&
             all_in(text, 2, size, DIGITS "abcdefABCDEF")) {
        base = 16;
        digits = text + 2;
    }
    if (base != 0) {
        /* libyaml ends every scalar with a NUL; base 10 keeps leading zeros as int("0755") */
        PyObject *str = PyUnicode_DecodeUTF8(digits, size - (digits - text), "strict");
        if (str == NULL) {
            return NULL;
        }
        PyObject *value = PyLong_FromUnicodeObject(str, base);
        Py_DECREF(str);
        if (value == NULL && PyErr_ExceptionMatches(PyExc_ValueError)) {
            PyErr_Clear(); /* more digits than Python converts: the text stays text */
        }
        return value;
    }
    if (one_of(text, size, INFINITIES)) {
        return PyFloat_FromDouble(Py_HUGE_VAL);
    }
    if (one_of(text, size, NEGATIVE_INFINITIES)) {
        return PyFloat_FromDouble(-Py_HUGE_VAL);
    }
    if (one_of(text, size, NANS)) {
        return PyFloat_FromDouble(Py_NAN);
    }
    if (is_float(text, size)) {
        PyObject *str = PyUnicode_DecodeUTF8(text, size, "strict");
        if (str == NULL) {
            return NULL;
        }
        PyObject *value = PyFloat_FromString(str);
        Py_DECREF(str);
        return value;
    }
    return NULL;
}

static PyObject *
plain_scalar(const char *text, Py_ssize_t size, PyObject *scalar_type)
{
    /* YAML 1.2 core schema: null spellings are None; a boolean or a number becomes
     * Scalar(text, value); everything else is text as written. */
    if (size == 0 || (size == 1 && text[0] == '~') ||
        (size == 4 && (memcmp(text, "null", 4) == 0 || memcmp(text, "Null", 4) == 0 ||
                       memcmp(text, "NULL", 4) == 0))) {
        Py_RETURN_NONE;
    }
    PyObject *str = PyUnicode_DecodeUTF8(text, size, "strict");
    if (str == NULL) {
        return NULL;
    }
    PyObject *value = special_value(text, size);
    if (value == NULL) {
        if (PyErr_Occurred()) {
            Py_DECREF(str);
            return NULL;
        }
        return str;
    }
    /* Scalar(text, value) without running its Python __new__: str's own constructor makes
     * the subclass instance, then `value` goes into its __dict__ (what __new__ does). */
    PyObject *args = PyTuple_Pack(1, str);
    PyObject *scalar = args == NULL ? NULL
                                    : PyUnicode_Type.tp_new((PyTypeObject *)scalar_type, args, NULL);
    Py_XDECREF(args);
    Py_DECREF(str);
    if (scalar != NULL && PyObject_SetAttr(scalar, value_name, value) < 0) {
        Py_CLEAR(scalar);
    }
    Py_DECREF(value);
    return scalar;
}

/* Attach value (a new reference, stolen) to the frame on top of the stack.
 * Returns 1 on success, 0 to give up (take the slow path), -1 on a Python error. */
static int
attach(Frame *frame, PyObject *value)
{
    int rc;
    if (frame->is_map) {
        rc = PyDict_SetItem(frame->container, frame->key, value);
        Py_CLEAR(frame->key);
    }
    else {
        rc = PyList_Append(frame->container, value);
    }
    Py_DECREF(value);
    return rc < 0 ? -1 : 1;
}

static PyObject *
fastyaml_parse(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "parse(data, max_depth, scalar_type, positions)");
        return NULL;
    }
    Py_buffer buffer;
    if (PyObject_GetBuffer(args[0], &buffer, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    long max_depth = PyLong_AsLong(args[1]);
    if (max_depth == -1 && PyErr_Occurred()) {
        PyBuffer_Release(&buffer);
        return NULL;
    }
    if (max_depth < 1 || max_depth > STACK_LIMIT) {
        PyBuffer_Release(&buffer);
        PyErr_SetString(PyExc_ValueError, "max_depth out of range");
        return NULL;
    }
    PyObject *scalar_type = args[2];
    if (!PyType_Check(scalar_type) ||
        !PyType_IsSubtype((PyTypeObject *)scalar_type, &PyUnicode_Type)) {
        PyBuffer_Release(&buffer);
        PyErr_SetString(PyExc_TypeError, "scalar_type must be a subclass of str");
        return NULL;
    }
    PyObject *positions = args[3] == Py_None ? NULL : args[3];
    if (positions != NULL && !PyDict_Check(positions)) {
        PyBuffer_Release(&buffer);
        PyErr_SetString(PyExc_TypeError, "positions must be a dict or None");
        return NULL;
    }

    yaml_parser_t parser;
    yaml_event_t event;
    Frame stack[STACK_LIMIT];
    int depth = 0;
    int documents = 0;
    int done = 0;
    int status = 1; /* 1 = going on, 0 = give up, -1 = Python error */
    PyObject *root = NULL;

    if (!yaml_parser_initialize(&parser)) {
        PyBuffer_Release(&buffer);
        return PyErr_NoMemory();
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)buffer.buf, (size_t)buffer.len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

    while (status == 1 && !done) {
        if (!yaml_parser_parse(&parser, &event)) {
            status = 0; /* a syntax or encoding error: the slow path words it */
            break;
        }
        PyObject *value = NULL;
        switch (event.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1) {
                status = 0;
            }
            break;
        case YAML_ALIAS_EVENT:
            status = 0;
            break;
        case YAML_SCALAR_EVENT: {
            if (event.data.scalar.anchor != NULL || event.data.scalar.tag != NULL) {
                status = 0;
                break;
            }
            const char *text = (const char *)event.data.scalar.value;
            Py_ssize_t size = (Py_ssize_t)event.data.scalar.length;
            int plain = event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            if (depth > 0 && stack[depth - 1].is_map && stack[depth - 1].key == NULL) {
                /* a key: text as written, never resolved */
                PyObject *key = PyUnicode_DecodeUTF8(text, size, "strict");
                if (key == NULL) {
                    status = -1;
                    break;
                }
                PyUnicode_InternInPlace(&key);
                int seen = PyDict_Contains(stack[depth - 1].container, key);
                if (seen != 0 || (plain && size == 2 && text[0] == '<' && text[1] == '<')) {
                    Py_DECREF(key);
                    status = seen < 0 ? -1 : 0; /* duplicate or merge key */
                    break;
                }
                stack[depth - 1].key = key;
                if (positions != NULL && record_position(positions, stack[depth - 1].path, key,
                                                         event.start_mark, NULL) < 0) {
                    status = -1;
                }
                break;
            }
            if (plain && event.data.scalar.plain_implicit) {
                value = plain_scalar(text, size, scalar_type);
            }
            else {
                value = PyUnicode_DecodeUTF8(text, size, "strict");
            }
            if (value == NULL) {
                status = -1;
                break;
            }
            if (positions != NULL && (depth == 0 || !stack[depth - 1].is_map)) {
                PyObject *index = depth == 0 ? NULL
                                             : PyLong_FromSsize_t(PyList_GET_SIZE(stack[depth - 1].container));
                if ((depth > 0 && index == NULL) ||
                    record_position(positions, depth == 0 ? NULL : stack[depth - 1].path, index,
                                    event.start_mark, NULL) < 0) {
                    Py_XDECREF(index);
                    Py_DECREF(value);
                    status = -1;
                    break;
                }
                Py_XDECREF(index);
            }
            if (depth == 0) {
                Py_XDECREF(root);
                root = value;
            }
            else {
                status = attach(&stack[depth - 1], value);
            }
            break;
        }
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT: {
            int is_map = event.type == YAML_MAPPING_START_EVENT;
            yaml_char_t *anchor = is_map ? event.data.mapping_start.anchor
                                         : event.data.sequence_start.anchor;
            yaml_char_t *tag = is_map ? event.data.mapping_start.tag
                                      : event.data.sequence_start.tag;
            if (anchor != NULL || tag != NULL) {
                status = 0;
                break;
            }
            if (depth > 0 && stack[depth - 1].is_map && stack[depth - 1].key == NULL) {
                status = 0; /* a mapping or sequence used as a key */
                break;
            }
            if (depth >= max_depth) {
                status = 0;
                break;
            }
            value = is_map ? PyDict_New() : PyList_New(0);
            if (value == NULL) {
                status = -1;
                break;
            }
            PyObject *container = value;
            PyObject *path = NULL;
            if (positions != NULL) {
                /* a mapping's value is placed by its key; a list item and the root by itself */
                Frame *parent = depth == 0 ? NULL : &stack[depth - 1];
                PyObject *last = parent == NULL ? NULL
                                 : parent->is_map ? (Py_INCREF(parent->key), parent->key)
                                 : PyLong_FromSsize_t(PyList_GET_SIZE(parent->container));
                int rc = (parent != NULL && last == NULL)
                             ? -1
                             : record_position(parent != NULL && parent->is_map ? NULL : positions,
                                               parent == NULL ? NULL : parent->path, last,
                                               event.start_mark, &path);
                Py_XDECREF(last);
                if (rc < 0) {
                    Py_DECREF(value);
                    status = -1;
                    break;
                }
            }
            if (depth == 0) {
                Py_XDECREF(root);
                root = value;
            }
            else if ((status = attach(&stack[depth - 1], value)) != 1) {
                Py_XDECREF(path);
                break;
            }
            stack[depth].container = container;
            stack[depth].key = NULL;
            stack[depth].path = path;
            stack[depth].is_map = is_map;
            depth++;
            break;
        }
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            if (depth > 0) {
                depth--;
                Py_CLEAR(stack[depth].key);
                Py_CLEAR(stack[depth].path);
            }
            break;
        default:
            break;
        }
        yaml_event_delete(&event);
    }

    while (depth > 0) {
        depth--;
        Py_CLEAR(stack[depth].key);
        Py_CLEAR(stack[depth].path);
    }
    yaml_parser_delete(&parser);
    PyBuffer_Release(&buffer);
    if (status == 1) {
        if (root == NULL) {
            Py_RETURN_NONE;
        }
        return root;
    }
    Py_XDECREF(root);
    if (status == -1) {
        return NULL;
    }
    Py_RETURN_NOTIMPLEMENTED;
}

/* ------------------------------------------------------------------------------------------
 * parse_block(data, max_depth, scalar_type): the faster path, for the YAML that record files
 * are made of.
 *
 * libyaml spends most of its time decoding and re-scanning its input one character at a time.
 * Record files use a small part of YAML: block mappings with plain keys, block sequences,
 * plain scalars (folded over several lines), single-line quoted scalars, literal and folded
 * block scalars with clip or strip chomping, comments, and [] and {} on one line.  This reads exactly
 * that part straight from the bytes and declines (NotImplemented) everything else, whether
 * valid or not -- tabs, carriage returns, document markers and directives, anchors, aliases,
 * tags, flow collections, multi-line quoted scalars, explicit keys, duplicate and merge keys,
 * unusual indentation -- so such a file takes parse() (libyaml) or the Python loader instead.
 * What it accepts it must read exactly as libyaml does; tests/test_loader.py compares the two
 * on generated input.
 * ------------------------------------------------------------------------------------------ */

typedef struct {
    const char *start;
    const char *end;
    const char *p; /* the first line not yet consumed */
    long max_depth;
    PyObject *scalar_type;
    int status; /* 1 = going on, 0 = decline, -1 = Python error */
    char *buf;  /* scratch for scalars that are not a plain run of the input */
    size_t len, cap;
} Reader;

static PyObject *
decline(Reader *r)
{
    if (r->status == 1) {
        r->status = 0;
    }
    return NULL;
}

static PyObject *
failed(Reader *r)
{
    r->status = -1;
    return NULL;
}

/* Give up on `made` (a collection being filled): a decline stays a decline; a NULL from the
 * Python API, with the status still "going on", is a Python error. */
static PyObject *
abandon(Reader *r, PyObject *made)
{
    if (r->status == 1) {
        r->status = -1;
    }
    Py_XDECREF(made);
    return NULL;
}

static int
put(Reader *r, const char *text, size_t size)
{
    if (size == 0) {
        return 0; /* nothing to copy, and the scratch may not exist yet */
    }
    if (r->len + size > r->cap) {
        size_t cap = r->cap ? r->cap : 256;
        while (cap < r->len + size) {
            cap *= 2;
        }
        char *buf = PyMem_Realloc(r->buf, cap);
        if (buf == NULL) {
            PyErr_NoMemory();
            r->status = -1;
            return -1;
        }
        r->buf = buf;
        r->cap = cap;
    }
    memcpy(r->buf + r->len, text, size);
    r->len += size;
    return 0;
}

static int
put_newlines(Reader *r, Py_ssize_t count)
{
    for (; count > 0; count--) {
        if (put(r, "\n", 1) < 0) {
            return -1;
        }
    }
    return 0;
}

/* Every character is one libyaml reads the same way this file does: printable ASCII, line
 * feeds, and well-formed UTF-8 for printable characters that are not line or paragraph
 * separators or a byte order mark.  No line starts a directive or a document marker. */
static int
plain_bytes(const unsigned char *s, Py_ssize_t n)
{
    int line_start = 1;
    for (Py_ssize_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == '\n') {
                line_start = 1;
                i++;
                continue;
            }
            if (c < 0x20 || c == 0x7f) {
                return 0;
            }
            if (line_start && (c == '%' || ((c == '-' || c == '.') && i + 2 < n &&
                                            s[i + 1] == c && s[i + 2] == c))) {
                return 0;
            }
            line_start = 0;
            i++;
            continue;
        }
        line_start = 0;
        unsigned long cp;
        int more;
        if (c >= 0xc2 && c <= 0xdf) {
            cp = c & 0x1f;
            more = 1;
        }
        else if (c >= 0xe0 && c <= 0xef) {
            cp = c & 0x0f;
            more = 2;
        }
        else if (c >= 0xf0 && c <= 0xf4) {
            cp = c & 0x07;
            more = 3;
        }
        else {
            return 0;
        }
        if (i + more >= n) {
            return 0; /* cut short by the end of the input */
        }
        for (int k = 1; k <= more; k++) {
            unsigned char cc = s[i + k];
            if ((cc & 0xc0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (cc & 0x3f);
        }
        if ((more == 2 && cp < 0x800) || (more == 3 && (cp < 0x10000 || cp > 0x10ffff))) {
            return 0; /* overlong or out of range */
        }
        if (cp < 0xa0 || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0x2028 || cp == 0x2029 ||
            cp == 0xfeff || cp == 0xfffe || cp == 0xffff) {
            return 0;
        }
        i += more + 1;
    }
    return 1;
}

static const char *
line_end(Reader *r, const char *q)
{
    const char *nl = memchr(q, '\n', (size_t)(r->end - q));
    return nl == NULL ? r->end : nl;
}

static const char *
next_line(Reader *r, const char *eol)
{
    return eol < r->end ? eol + 1 : r->end;
}

/* From the start of a line, the first character of the first line holding more than spaces
 * or a comment (its indentation in *indent), or the end of the input. */
static const char *
next_content(Reader *r, const char *q, Py_ssize_t *indent)
{
    while (q < r->end) {
        const char *line = q;
        while (q < r->end && *q == ' ') {
            q++;
        }
        if (q < r->end && *q != '\n' && *q != '#') {
            *indent = q - line;
            return q;
        }
        q = next_line(r, line_end(r, q));
    }
    *indent = -1;
    return r->end;
}

static int
is_entry(Reader *r, const char *q)
{
    return *q == '-' && (q + 1 == r->end || q[1] == ' ' || q[1] == '\n');
}

/* A character that cannot start a plain scalar or a key here. */
static int
is_indicator(char c)
{
    return c != '\0' && strchr("-?:,[]{}#&*!|>'\"%@`", c) != NULL;
}

/* The end of the plain text on one line that starts at q: before a comment and trailing
 * spaces.  NULL where a ': ' (or a ':' at the end) makes it a key, which is not text here.
 * *comment tells whether a comment follows. */
static const char *
plain_run(const char *q, const char *eol, int *comment)
{
    const char *text_end = eol;
    *comment = 0;
    for (const char *c = q; c < eol; c++) {
        if (*c == ':' && (c + 1 == eol || c[1] == ' ')) {
            return NULL;
        }
        if (*c == ' ' && c + 1 < eol && c[1] == '#') {
            text_end = c;
            *comment = 1;
            break;
        }
    }
    while (text_end > q && text_end[-1] == ' ') {
        text_end--;
    }
    return text_end;
}

/* After a value that ends on its line: only spaces and a comment may follow. */
static int
line_rest_ok(Reader *r, const char *q)
{
    const char *from = q;
    while (q < r->end && *q == ' ') {
        q++;
    }
    if (q == r->end || *q == '\n') {
        r->p = next_line(r, q);
        return 1;
    }
    if (*q == '#' && q > from) {
        r->p = next_line(r, line_end(r, q));
        return 1;
    }
    return 0;
}

static PyObject *
plain_value(Reader *r, const char *at, Py_ssize_t parent)
{
    const char *eol = line_end(r, at);
    int comment;
    const char *text_end = plain_run(at, eol, &comment);
    if (text_end == NULL) {
        return decline(r);
    }
    r->p = next_line(r, eol);
    if (comment) {
        return plain_scalar(at, text_end - at, r->scalar_type); /* nothing may continue it */
    }
    /* continuation lines, indented deeper than the collection: folded into one line */
    int folded = 0;
    Py_ssize_t empty = 0;
    const char *q = r->p;
    while (q < r->end) {
        const char *line = q;
        while (q < r->end && *q == ' ') {
            q++;
        }
        if (q == r->end || *q == '\n') {
            empty++;
            q = next_line(r, q);
            continue;
        }
        if (q - line <= parent || *q == '#') {
            break; /* the scalar ended with the line before */
        }
        if (is_indicator(*q)) {
            return decline(r);
        }
        const char *next_eol = line_end(r, q);
        const char *run_end = plain_run(q, next_eol, &comment);
        if (run_end == NULL || comment) {
            return decline(r);
        }
        if (!folded) {
            r->len = 0;
            if (put(r, at, text_end - at) < 0) {
                return NULL;
            }
            folded = 1;
        }
        if ((empty == 0 ? put(r, " ", 1) : put_newlines(r, empty)) < 0 ||
            put(r, q, run_end - q) < 0) {
            return NULL;
        }
        empty = 0;
        q = r->p = next_line(r, next_eol);
    }
    if (folded) {
        return plain_scalar(r->buf, (Py_ssize_t)r->len, r->scalar_type);
    }
    return plain_scalar(at, text_end - at, r->scalar_type);
}

static int
hex_digits(const char *q, int count, unsigned long *value)
{
    *value = 0;
    for (int i = 0; i < count; i++) {
        char c = q[i];
        int digit = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
        if (digit < 0) {
            return 0;
        }
        *value = *value * 16 + (unsigned long)digit;
    }
    return 1;
}

static int
put_code_point(Reader *r, unsigned long cp)
{
    char out[4];
    size_t size;
    if (cp < 0x80) {
        out[0] = (char)cp;
        size = 1;
    }
    else if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        size = 2;
    }
    else if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        size = 3;
    }
    else {
        out[0] = (char)(0xf0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[3] = (char)(0x80 | (cp & 0x3f));
        size = 4;
    }
    return put(r, out, size);
}

/* "..." on one line, with libyaml's escapes; *after is the character after the quote. */
static PyObject *
double_quoted(Reader *r, const char *at, const char **after)
{
    const char *q = at + 1;
    r->len = 0;
    for (;;) {
        if (q >= r->end || *q == '\n') {
            return decline(r); /* runs over lines: folding rules left to libyaml */
        }
        if (*q == '"') {
            break;
        }
        if (*q != '\\') {
            const char *run = q;
            while (q < r->end && *q != '"' && *q != '\\' && *q != '\n') {
                q++;
            }
            if (put(r, run, q - run) < 0) {
                return NULL;
            }
            continue;
        }
        if (q + 1 >= r->end) {
            return decline(r);
        }
        char c = q[1];
        const char *simple = NULL;
        int digits = 0;
        switch (c) {
        case '0': simple = "\0"; break;
        case 'a': simple = "\a"; break;
        case 'b': simple = "\b"; break;
        case 't': simple = "\t"; break;
        case 'n': simple = "\n"; break;
        case 'v': simple = "\v"; break;
        case 'f': simple = "\f"; break;
        case 'r': simple = "\r"; break;
        case 'e': simple = "\x1b"; break;
        case ' ': simple = " "; break;
        case '"': simple = "\""; break;
        case '\\': simple = "\\"; break;
        case 'x': digits = 2; break;
        case 'u': digits = 4; break;
        case 'U': digits = 8; break;
        default:
            return decline(r);
        }
        if (simple != NULL) {
            if (put(r, simple, 1) < 0) {
                return NULL;
            }
            q += 2;
            continue;
        }
        unsigned long cp;
        if (q + 2 + digits > r->end || !hex_digits(q + 2, digits, &cp) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
            return decline(r);
        }
        if (put_code_point(r, cp) < 0) {
            return NULL;
        }
        q += 2 + digits;
    }
    *after = q + 1;
    return PyUnicode_DecodeUTF8(r->buf, (Py_ssize_t)r->len, "strict");
}

/* '...' on one line, where '' is a quote; *after is the character after the quote. */
static PyObject *
single_quoted(Reader *r, const char *at, const char **after)
{
    const char *q = at + 1;
    r->len = 0;
    for (;;) {
        const char *run = q;
        while (q < r->end && *q != '\'' && *q != '\n') {
            q++;
        }
        if (q >= r->end || *q == '\n') {
            return decline(r);
        }
        if (put(r, run, q - run + (q + 1 < r->end && q[1] == '\'')) < 0) {
            return NULL;
        }
        if (q + 1 < r->end && q[1] == '\'') {
            q += 2;
            continue;
        }
        break;
    }
    *after = q + 1;
    return PyUnicode_DecodeUTF8(r->buf, (Py_ssize_t)r->len, "strict");
}

static PyObject *
quoted(Reader *r, const char *at, const char **after)
{
    return *at == '"' ? double_quoted(r, at, after) : single_quoted(r, at, after);
}

/* | or > with clip or strip chomping, indentation found from the first line. */
static PyObject *
block_scalar(Reader *r, const char *at, Py_ssize_t parent)
{
    int literal = *at == '|';
    int strip = 0;
    const char *q = at + 1;
    if (q < r->end && *q == '-') {
        strip = 1;
        q++;
    }
    if (q < r->end && *q != ' ' && *q != '\n') {
        return decline(r); /* keep chomping, an indentation indicator, or something else */
    }
    const char *eol = line_end(r, q);
    if (eol == r->end || !line_rest_ok(r, q)) {
        return decline(r);
    }
    q = r->p;
    const char *first = q;
    while (first < r->end && *first == ' ') {
        first++;
    }
    Py_ssize_t indent = first - q;
    if (first == r->end || *first == '\n' || indent <= parent) {
        return decline(r); /* leading empty lines, or an empty scalar */
    }
    r->len = 0;
    Py_ssize_t empty = 0;
    int lines = 0;
    while (q < r->end) {
        const char *line = q;
        while (q < r->end && *q == ' ') {
            q++;
        }
        Py_ssize_t spaces = q - line;
        if (q == r->end || *q == '\n') {
            if (spaces > indent) {
                return decline(r); /* spaces beyond the indentation are content */
            }
            empty++;
            q = next_line(r, q);
            continue;
        }
        if (spaces < indent) {
            break;
        }
        if (spaces > indent && !literal) {
            return decline(r); /* more-indented lines keep their breaks: left to libyaml */
        }
        eol = line_end(r, q);
        if (eol == r->end) {
            return decline(r); /* no line break after the last line */
        }
        if (lines > 0) {
            int rc = literal ? put_newlines(r, 1 + empty)
                             : (empty == 0 ? put(r, " ", 1) : put_newlines(r, empty));
            if (rc < 0) {
                return NULL;
            }
        }
        if (put(r, line + indent, eol - (line + indent)) < 0) {
            return NULL;
        }
        lines++;
        empty = 0;
        q = r->p = eol + 1;
    }
    if (!strip && put(r, "\n", 1) < 0) {
        return NULL;
    }
    return PyUnicode_DecodeUTF8(r->buf, (Py_ssize_t)r->len, "strict");
}

/* [...] and {...} on one line, holding plain and quoted scalars and more of the same; *q moves
 * past the closing bracket.  No comments, trailing commas, empty entries, keys without a value,
 * single-pair mappings in a list, or ':' inside plain text (libyaml versions differ there). */
static PyObject *flow_collection(Reader *r, const char **q, const char *eol, long depth);

static void
skip_spaces(const char **q, const char *eol)
{
    while (*q < eol && **q == ' ') {
        (*q)++;
    }
}

/* Plain text inside brackets, up to , [ ] { } or :, trailing spaces left out. */
static const char *
flow_plain_end(const char *q, const char *eol, const char **stop)
{
    if (is_indicator(*q) && !(*q == '-' && q + 1 < eol && (isalnum((unsigned char)q[1]) ||
                                                             q[1] == '.'))) {
        return NULL;
    }
    const char *end = q;
    while (end < eol && strchr(",[]{}:#", *end) == NULL) {
        end++;
    }
    if (end == eol || *end == '#') {
        return NULL;
    }
    *stop = end;
    while (end > q && end[-1] == ' ') {
        end--;
    }
    return end;
}

static PyObject *
flow_node(Reader *r, const char **q, const char *eol, long depth)
{
    const char *at = *q;
    if (at >= eol) {
        return decline(r);
    }
    if (*at == '[' || *at == '{') {
        return flow_collection(r, q, eol, depth);
    }
    if (*at == '"' || *at == '\'') {
        return quoted(r, at, q);
    }
    const char *stop;
    const char *end = flow_plain_end(at, eol, &stop);
    if (end == NULL || *stop == ':') {
        return decline(r);
    }
    *q = stop;
    return plain_scalar(at, end - at, r->scalar_type);
}

static PyObject *
flow_collection(Reader *r, const char **q, const char *eol, long depth)
{
    if (depth >= r->max_depth) {
        return decline(r);
    }
    int is_map = **q == '{';
    char close = is_map ? '}' : ']';
    PyObject *collection = is_map ? PyDict_New() : PyList_New(0);
    if (collection == NULL) {
        return failed(r);
    }
    const char *c = *q + 1;
    skip_spaces(&c, eol);
    if (c < eol && *c == close) {
        *q = c + 1;
        return collection;
    }
    for (;;) {
        PyObject *key = NULL;
        if (is_map) {
            const char *stop;
            if (c < eol && (*c == '"' || *c == '\'')) {
                key = quoted(r, c, &stop);
                if (key == NULL) {
                    goto fail;
                }
            }
            else {
                const char *end = c < eol ? flow_plain_end(c, eol, &stop) : NULL;
                if (end == NULL || end == c || (end - c == 2 && c[0] == '<' && c[1] == '<')) {
                    goto decline;
                }
                key = PyUnicode_DecodeUTF8(c, end - c, "strict");
                if (key == NULL) {
                    goto fail;
                }
            }
            PyUnicode_InternInPlace(&key);
            if (stop >= eol || *stop != ':' || stop + 1 >= eol || stop[1] != ' ' ||
                stop[-1] == ' ') {
                Py_DECREF(key);
                goto decline;
            }
            int seen = PyDict_Contains(collection, key);
            if (seen != 0) {
                Py_DECREF(key);
                if (seen < 0) {
                    goto fail;
                }
                goto decline;
            }
            c = stop + 2;
            skip_spaces(&c, eol);
        }
        PyObject *value = flow_node(r, &c, eol, depth + 1);
        if (value == NULL) {
            Py_XDECREF(key);
            goto fail;
        }
        int rc = is_map ? PyDict_SetItem(collection, key, value) : PyList_Append(collection, value);
        Py_XDECREF(key);
        Py_DECREF(value);
        if (rc < 0) {
            goto fail;
        }
        skip_spaces(&c, eol);
        if (c < eol && *c == ',') {
            c++;
            skip_spaces(&c, eol);
            if (c < eol && *c != close && *c != ',') {
                continue;
            }
            goto decline; /* a trailing comma or an empty entry */
        }
        if (c < eol && *c == close) {
            *q = c + 1;
            return collection;
        }
        goto decline;
    }
decline:
    decline(r);
fail:
    return abandon(r, collection);
}

static PyObject *block_mapping(Reader *r, const char *at, Py_ssize_t indent, long depth);
static PyObject *block_sequence(Reader *r, const char *at, Py_ssize_t indent, long depth);

/* The ':' ending the plain key that starts the line at q (followed by a space or the end of
 * the line), or NULL where the line does not start with one: an indicator comes first, or a
 * comment or the end of the line comes before any such ':'. */
static const char *
plain_key_colon(const char *q, const char *eol)
{
    if (is_indicator(*q) && !(*q == '-' && q + 1 < eol && q[1] != ' ')) {
        return NULL;
    }
    for (const char *c = q; c < eol; c++) {
        if (*c == ':' && (c + 1 == eol || c[1] == ' ')) {
            return c;
        }
        if (*c == ' ' && c + 1 < eol && c[1] == '#') {
            return NULL;
        }
    }
    return NULL;
}

/* A value that starts on the line of its key or list item, at `at`. */
static PyObject *
inline_value(Reader *r, const char *at, Py_ssize_t parent, long depth)
{
    switch (*at) {
    case '"':
    case '\'': {
        const char *after;
        PyObject *text = quoted(r, at, &after);
        if (text != NULL && !line_rest_ok(r, after)) {
            Py_DECREF(text);
            return decline(r);
        }
        return text;
    }
    case '|':
    case '>':
        return block_scalar(r, at, parent);
    case '[':
    case '{': {
        const char *after = at;
        PyObject *collection = flow_collection(r, &after, line_end(r, at), depth);
        if (collection != NULL && !line_rest_ok(r, after)) {
            Py_DECREF(collection);
            return decline(r);
        }
        return collection;
    }
    case '-':
        if (at + 1 == r->end || at[1] == ' ' || at[1] == '\n') {
            return decline(r);
        }
        return plain_value(r, at, parent);
    default:
        if (is_indicator(*at)) {
            return decline(r);
        }
        return plain_value(r, at, parent);
    }
}

/* A mapping or a sequence that starts on a line of its own, below its key or list item. */
static PyObject *
nested_collection(Reader *r, const char *at, Py_ssize_t indent, long depth)
{
    return is_entry(r, at) ? block_sequence(r, at, indent, depth)
                           : block_mapping(r, at, indent, depth);
}

static PyObject *
block_mapping(Reader *r, const char *at, Py_ssize_t indent, long depth)
{
    if (depth >= r->max_depth) {
        return decline(r);
    }
    PyObject *map = PyDict_New();
    if (map == NULL) {
        return failed(r);
    }
    const char *q = at;
    for (;;) {
        /* a key on one line, then ': ' or ':' at the end of the line */
        const char *eol = line_end(r, q);
        const char *colon;
        PyObject *key;
        if (*q == '"' || *q == '\'') {
            key = quoted(r, q, &colon);
            if (key == NULL) {
                goto fail;
            }
            if (colon >= eol || *colon != ':' || (colon + 1 < eol && colon[1] != ' ') ||
                colon - q > 1000) {
                Py_DECREF(key);
                goto decline;
            }
        }
        else {
            colon = plain_key_colon(q, eol);
            if (colon == NULL || colon == q || colon[-1] == ' ' || colon - q > 1000 ||
                (colon - q == 2 && q[0] == '<' && q[1] == '<')) {
                goto decline;
            }
            key = PyUnicode_DecodeUTF8(q, colon - q, "strict");
            if (key == NULL) {
                goto fail;
            }
        }
        PyUnicode_InternInPlace(&key);
        int seen = PyDict_Contains(map, key);
        if (seen != 0) {
            Py_DECREF(key);
            if (seen < 0) {
                goto fail;
            }
            goto decline; /* a duplicate key */
        }
        const char *v = colon + 1;
        while (v < eol && *v == ' ') {
            v++;
        }
        PyObject *value;
        if (v == eol || *v == '#') {
            /* nothing on the line: a collection below, or null */
            r->p = next_line(r, eol);
            Py_ssize_t below;
            const char *c = next_content(r, r->p, &below);
            if (c == r->end || below < indent || (below == indent && !is_entry(r, c))) {
                value = Py_None;
                Py_INCREF(value);
            }
            else {
                value = nested_collection(r, c, below, depth + 1);
            }
        }
        else {
            value = inline_value(r, v, indent, depth + 1);
        }
        if (value == NULL) {
            Py_DECREF(key);
            goto fail;
        }
        int rc = PyDict_SetItem(map, key, value);
        Py_DECREF(key);
        Py_DECREF(value);
        if (rc < 0) {
            goto fail;
        }
        Py_ssize_t next;
        const char *c = next_content(r, r->p, &next);
        if (c == r->end || next < indent) {
            return map;
        }
        if (next > indent) {
            goto decline;
        }
        q = c;
    }
decline:
    decline(r);
fail:
    return abandon(r, map);
}

/* Does the line from q hold a key (plain text, then ': ' or ':' at the end)? */
static int
holds_key(Reader *r, const char *q)
{
    const char *eol = line_end(r, q);
    if (*q == '"' || *q == '\'') {
        /* the closing quote: one not escaped ("), or not doubled (') */
        const char *c = q + 1;
        while (c < eol && *c != *q) {
            c += (*q == '"' && *c == '\\') ? 2 : 1;
        }
        while (*q == '\'' && c + 1 < eol && c[1] == '\'') {
            c += 2;
            while (c < eol && *c != '\'') {
                c++;
            }
        }
        return c + 1 < eol && c[1] == ':' && (c + 2 == eol || c[2] == ' ');
    }
    return plain_key_colon(q, eol) != NULL;
}

static PyObject *
block_sequence(Reader *r, const char *at, Py_ssize_t indent, long depth)
{
    if (depth >= r->max_depth) {
        return decline(r);
    }
    PyObject *list = PyList_New(0);
    if (list == NULL) {
        return failed(r);
    }
    const char *q = at; /* a '-' starting an item, at column `indent` */
    for (;;) {
        const char *line = q - indent;
        const char *eol = line_end(r, q);
        const char *v = q + 1;
        while (v < eol && *v == ' ') {
            v++;
        }
        PyObject *item;
        if (v == eol || *v == '#') {
            r->p = next_line(r, eol);
            Py_ssize_t below;
            const char *c = next_content(r, r->p, &below);
            if (c == r->end || below <= indent) {
                item = Py_None;
                Py_INCREF(item);
            }
            else {
                item = nested_collection(r, c, below, depth + 1);
            }
        }
        else if (is_entry(r, v)) {
            item = block_sequence(r, v, v - line, depth + 1); /* - - a: a list in a list */
        }
        else if (holds_key(r, v)) {
            item = block_mapping(r, v, v - line, depth + 1);
        }
        else {
            item = inline_value(r, v, indent, depth + 1);
        }
        if (item == NULL) {
            return abandon(r, list);
        }
        int rc = PyList_Append(list, item);
        Py_DECREF(item);
        if (rc < 0) {
            return abandon(r, list);
        }
        Py_ssize_t next;
        const char *c = next_content(r, r->p, &next);
        if (c == r->end || next < indent || (next == indent && !is_entry(r, c))) {
            return list;
        }
        if (next > indent) {
            decline(r);
            return abandon(r, list);
        }
        q = c;
    }
}

static PyObject *
fastyaml_parse_block(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "parse_block(data, max_depth, scalar_type)");
        return NULL;
    }
    Py_buffer buffer;
    if (PyObject_GetBuffer(args[0], &buffer, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    Reader r = {0};
    r.start = buffer.buf;
    r.end = r.start + buffer.len;
    r.p = r.start;
    r.max_depth = PyLong_AsLong(args[1]);
    r.scalar_type = args[2];
    r.status = 1;
    if (r.max_depth == -1 && PyErr_Occurred()) {
        PyBuffer_Release(&buffer);
        return NULL;
    }
    if (!PyType_Check(r.scalar_type) ||
        !PyType_IsSubtype((PyTypeObject *)r.scalar_type, &PyUnicode_Type)) {
        PyBuffer_Release(&buffer);
        PyErr_SetString(PyExc_TypeError, "scalar_type must be a subclass of str");
        return NULL;
    }
    PyObject *root = NULL;
    if (plain_bytes((const unsigned char *)r.start, buffer.len)) {
        Py_ssize_t indent;
        const char *c = next_content(&r, r.start, &indent);
        if (c != r.end && indent == 0) {
            root = nested_collection(&r, c, 0, 0);
            if (root != NULL && next_content(&r, r.p, &indent) != r.end) {
                Py_CLEAR(root); /* something after the collection ended */
                r.status = 0;
            }
        }
        else {
            r.status = 0;
        }
    }
    else {
        r.status = 0;
    }
    PyMem_Free(r.buf);
    PyBuffer_Release(&buffer);
    if (root != NULL) {
        return root;
    }
    if (r.status == -1) {
        return NULL;
    }
    Py_RETURN_NOTIMPLEMENTED;
}

/* ------------------------------------------------------------------------------------------
 * Field checks for generator/fields.py: the number, boolean and date fields of every record
 * run one of these (a pydantic BeforeValidator), hundreds of thousands of times in a large
 * project.  Each accepts what is written plainly and hands everything else to the Python check
 * it stands for, which gives the answer or the message: the two agree on every value, and the
 * rules and messages are written once, in fields.py.
 * ------------------------------------------------------------------------------------------ */

enum { CHECK_INT, CHECK_NUMBER, CHECK_BOOL, CHECK_DATE, CHECKS };
static PyObject *check_scalar_type;   /* yamlload.Scalar */
static PyObject *check_python[CHECKS]; /* fields._int, _number, _bool, _date */

static PyObject *
python_check(int which, PyObject *value)
{
    return PyObject_CallOneArg(check_python[which], value);
}

/* The text of a Scalar and its YAML 1.2 value (a new reference), or NULL (no error set). */
static PyObject *
scalar_value(PyObject *value, const char **text, Py_ssize_t *size)
{
    if (check_scalar_type == NULL || (PyObject *)Py_TYPE(value) != check_scalar_type) {
        return NULL;
    }
    *text = PyUnicode_AsUTF8AndSize(value, size);
    PyObject *read = *text == NULL ? NULL : PyObject_GetAttr(value, value_name);
    if (read == NULL) {
        PyErr_Clear();
    }
    return read;
}

/* [-+]?(0|[1-9][0-9]*), then (fraction and exponent allowed) (\.[0-9]+)?([eE][-+]?[0-9]+)? */
static int
plainly_written(const char *text, Py_ssize_t size, int fraction)
{
    Py_ssize_t i = 0;
    if (i < size && (text[i] == '-' || text[i] == '+')) {
        i++;
    }
    if (i < size && text[i] == '0') {
        i++;
    }
    else if (i < size && text[i] >= '1' && text[i] <= '9') {
        while (i < size && text[i] >= '0' && text[i] <= '9') {
            i++;
        }
    }
    else {
        return 0;
    }
    if (fraction && i < size && text[i] == '.') {
        Py_ssize_t start = ++i;
        while (i < size && text[i] >= '0' && text[i] <= '9') {
            i++;
        }
        if (i == start) {
            return 0;
        }
    }
    if (fraction && i < size && (text[i] == 'e' || text[i] == 'E')) {
        i++;
        if (i < size && (text[i] == '-' || text[i] == '+')) {
            i++;
        }
        Py_ssize_t start = i;
        while (i < size && text[i] >= '0' && text[i] <= '9') {
            i++;
        }
        if (i == start) {
            return 0;
        }
    }
    return i == size;
}

static PyObject *
check_int(PyObject *module, PyObject *value)
{
    const char *text;
    Py_ssize_t size;
    PyObject *read = scalar_value(value, &text, &size);
    if (read != NULL && PyLong_CheckExact(read) && plainly_written(text, size, 0)) {
        return read;
    }
    Py_XDECREF(read);
    return python_check(CHECK_INT, value);
}

static PyObject *
check_number(PyObject *module, PyObject *value)
{
    const char *text;
    Py_ssize_t size;
    PyObject *read = scalar_value(value, &text, &size);
    if (read != NULL && (PyLong_CheckExact(read) ||
                         (PyFloat_CheckExact(read) && isfinite(PyFloat_AS_DOUBLE(read)))) &&
        plainly_written(text, size, 1)) {
        return read;
    }
    Py_XDECREF(read);
    return python_check(CHECK_NUMBER, value);
}

static PyObject *
check_bool(PyObject *module, PyObject *value)
{
    const char *text;
    Py_ssize_t size;
    PyObject *read = scalar_value(value, &text, &size);
    if (read != NULL && PyBool_Check(read) &&
        ((size == 4 && memcmp(text, "true", 4) == 0) ||
         (size == 5 && memcmp(text, "false", 5) == 0))) {
        return read;
    }
    Py_XDECREF(read);
    return python_check(CHECK_BOOL, value);
}

static PyObject *
check_date(PyObject *module, PyObject *value)
{
    /* YYYY-MM-DD in ASCII digits and a real calendar date; anything else, Python's answer */
    if (PyUnicode_CheckExact(value) && PyUnicode_IS_ASCII(value) &&
        PyUnicode_GET_LENGTH(value) == 10) {
        const char *t = (const char *)PyUnicode_DATA(value);
        int digits = 1;
        for (int i = 0; i < 10; i++) {
            if (i == 4 || i == 7 ? t[i] != '-' : (t[i] < '0' || t[i] > '9')) {
                digits = 0;
                break;
            }
        }
        if (digits) {
            int year = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
            int month = (t[5] - '0') * 10 + (t[6] - '0');
            int day = (t[8] - '0') * 10 + (t[9] - '0');
            PyObject *date = PyDate_FromDate(year, month, day);
            if (date != NULL) {
                return date;
            }
            PyErr_Clear();
        }
    }
    return python_check(CHECK_DATE, value);
}

static PyMethodDef check_methods[] = {
    {"check_int", (PyCFunction)check_int, METH_O, "check_int($module, value, /)\n--\n\nfields._int, faster"},
    {"check_number", (PyCFunction)check_number, METH_O, "check_number($module, value, /)\n--\n\nfields._number, faster"},
    {"check_bool", (PyCFunction)check_bool, METH_O, "check_bool($module, value, /)\n--\n\nfields._bool, faster"},
    {"check_date", (PyCFunction)check_date, METH_O, "check_date($module, value, /)\n--\n\nfields._date, faster"},
};

static PyObject *
fastyaml_field_checks(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 1 + CHECKS || !PyType_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError,
                        "field_checks(scalar_type, int_check, number_check, bool_check, date_check)");
        return NULL;
    }
    PyObject *made = PyTuple_New(CHECKS);
    if (made == NULL) {
        return NULL;
    }
    for (int i = 0; i < CHECKS; i++) {
        PyObject *check = PyCFunction_NewEx(&check_methods[i], module, NULL);
        if (check == NULL) {
            Py_DECREF(made);
            return NULL;
        }
        PyTuple_SET_ITEM(made, i, check);
    }
    Py_INCREF(args[0]);
    Py_XSETREF(check_scalar_type, args[0]);
    for (int i = 0; i < CHECKS; i++) {
        Py_INCREF(args[1 + i]);
        Py_XSETREF(check_python[i], args[1 + i]);
    }
    return made;
}

static PyMethodDef fastyaml_methods[] = {
    {"parse", (PyCFunction)(void (*)(void))fastyaml_parse, METH_FASTCALL,
     "parse(data, max_depth, scalar_type, positions) -> data, or NotImplemented to take the slow "
     "path; when positions is a dict, the place of every key and list item is put in it"},
    {"parse_block", (PyCFunction)(void (*)(void))fastyaml_parse_block, METH_FASTCALL,
     "parse_block(data, max_depth, scalar_type) -> data, or NotImplemented for anything beyond "
     "the block-style YAML record files are written in"},
    {"field_checks", (PyCFunction)(void (*)(void))fastyaml_field_checks, METH_FASTCALL,
     "field_checks(scalar_type, int_check, number_check, bool_check, date_check) -> the four "
     "checks in C, each handing what it does not accept to the Python check given for it"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef fastyaml_module = {
    PyModuleDef_HEAD_INIT, "_fastyaml",
    "libyaml events to plain data in C: the fast path of generator.yamlload.", -1,
    fastyaml_methods,
};

PyMODINIT_FUNC
PyInit__fastyaml(void)
{
    value_name = PyUnicode_InternFromString("value");
    if (value_name == NULL) {
        return NULL;
    }
    PyDateTime_IMPORT;
    if (PyDateTimeAPI == NULL) {
        return NULL;
    }
    return PyModule_Create(&fastyaml_module);
}
