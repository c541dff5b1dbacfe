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
