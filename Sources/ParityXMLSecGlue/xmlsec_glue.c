#include "xmlsec_glue.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <openssl/x509.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/openssl/x509.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

/* The first error xmlsec reports during one verification on this thread. */
static __thread char first_error[400];

static void on_xmlsec_error(const char *file, int line, const char *func, const char *object, const char *subject,
                            int reason, const char *msg) {
    (void)file; (void)line; (void)func; (void)object;
    if (first_error[0] != 0) return;
    snprintf(first_error, sizeof first_error, "%s%s%s (reason %d)", subject ? subject : "", subject ? ": " : "",
             msg ? msg : "", reason);
}

static void ignore_libxml_error(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int initialised = -1;

static void initialise_once(void) {
    xmlInitParser();
    if (xmlSecInit() < 0) return;
    if (xmlSecCheckVersion() != 1) return;
    if (xmlSecCryptoAppInit(NULL) < 0) return;
    if (xmlSecCryptoInit() < 0) return;
    xmlSecErrorsSetCallback(on_xmlsec_error);
    initialised = 0;
}

int parity_xmlsec_initialise(void) {
    pthread_once(&once, initialise_once);
    return initialised;
}

static void fail(parity_xmlsec_result *out, int status, const char *message) {
    out->status = status;
    snprintf(out->error, sizeof out->error, "%s%s%s", message, first_error[0] ? ": " : "", first_error);
}

static int count_signatures(xmlNodePtr node) {
    int n = 0;
    for (xmlNodePtr c = node; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (xmlSecCheckNodeName(c, xmlSecNodeSignature, xmlSecDSigNs)) n += 1;
        n += count_signatures(c->children);
    }
    return n;
}

/* Registers every Id and ID attribute (XML-DSig's and XAdES's, e.g. SignedProperties/@Id)
   as an XML ID, refusing a value used twice: a reference by Id must name exactly one element
   (signature wrapping). Lower-case `id` is ELM's linked-data identifier, repeated by design,
   and never what a signature refers to. */
static int register_ids(xmlDocPtr doc, xmlNodePtr node, char *duplicate, size_t size) {
    static const char *names[] = {"Id", "ID"};
    for (xmlNodePtr c = node; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        for (xmlAttrPtr a = c->properties; a != NULL; a = a->next) {
            if (a->ns != NULL) continue;
            for (size_t i = 0; i < 2; i++) {
                if (!xmlStrEqual(a->name, BAD_CAST names[i])) continue;
                xmlChar *value = xmlNodeListGetString(doc, a->children, 1);
                if (value == NULL) continue;
                if (xmlGetID(doc, value) != NULL) {
                    snprintf(duplicate, size, "%s", (const char *)value);
                    xmlFree(value);
                    return 0;
                }
                xmlAddID(NULL, doc, value, a);
                xmlFree(value);
            }
        }
        if (!register_ids(doc, c->children, duplicate, size)) return 0;
    }
    return 1;
}

static void allow_transforms(xmlSecDSigCtxPtr ctx) {
    xmlSecTransformId c14n[] = {
        xmlSecTransformInclC14NId, xmlSecTransformInclC14NWithCommentsId, xmlSecTransformInclC14N11Id,
        xmlSecTransformInclC14N11WithCommentsId, xmlSecTransformExclC14NId, xmlSecTransformExclC14NWithCommentsId,
    };
    xmlSecTransformId reference[] = {
        xmlSecTransformEnvelopedId, xmlSecTransformXPathId, xmlSecTransformXPath2Id, xmlSecTransformBase64Id,
        xmlSecTransformSha1Id, xmlSecTransformSha224Id, xmlSecTransformSha256Id, xmlSecTransformSha384Id,
        xmlSecTransformSha512Id,
    };
    xmlSecTransformId signature[] = {
        xmlSecTransformRsaSha1Id, xmlSecTransformRsaSha224Id, xmlSecTransformRsaSha256Id,
        xmlSecTransformRsaSha384Id, xmlSecTransformRsaSha512Id, xmlSecTransformEcdsaSha256Id,
        xmlSecTransformEcdsaSha384Id, xmlSecTransformEcdsaSha512Id,
    };
    for (size_t i = 0; i < sizeof c14n / sizeof c14n[0]; i++) {
        xmlSecDSigCtxEnableReferenceTransform(ctx, c14n[i]);
        xmlSecDSigCtxEnableSignatureTransform(ctx, c14n[i]);
    }
    for (size_t i = 0; i < sizeof reference / sizeof reference[0]; i++)
        xmlSecDSigCtxEnableReferenceTransform(ctx, reference[i]);
    for (size_t i = 0; i < sizeof signature / sizeof signature[0]; i++)
        xmlSecDSigCtxEnableSignatureTransform(ctx, signature[i]);
}

static void copy_signer(xmlSecDSigCtxPtr ctx, parity_xmlsec_result *out) {
    if (ctx->signKey == NULL) return;
    xmlSecKeyDataPtr data = xmlSecKeyGetData(ctx->signKey, xmlSecOpenSSLKeyDataX509Id);
    if (data == NULL) return;
    X509 *certificate = xmlSecOpenSSLKeyDataX509GetKeyCert(data);
    if (certificate == NULL) return;
    int length = i2d_X509(certificate, NULL);
    if (length <= 0) return;
    unsigned char *der = malloc((size_t)length);
    if (der == NULL) return;
    unsigned char *cursor = der;
    i2d_X509(certificate, &cursor);
    out->signer = der;
    out->signer_length = (size_t)length;
}

/* ds:SignatureValue, canonicalised with `mode`, as a XAdES SignatureTimeStamp covers it. */
static void canonical_signature_value(xmlDocPtr doc, xmlNodePtr signature, int mode, unsigned char **bytes,
                                      size_t *length) {
    xmlNodePtr value = xmlSecFindChild(signature, xmlSecNodeSignatureValue, xmlSecDSigNs);
    if (value == NULL) return;
    xmlXPathContextPtr xpath = xmlXPathNewContext(doc);
    if (xpath == NULL) return;
    xmlXPathObjectPtr nodes = xmlXPathNodeEval(
        value, BAD_CAST "descendant-or-self::node() | descendant-or-self::node()/@* | descendant-or-self::node()/namespace::*",
        xpath);
    if (nodes != NULL && nodes->nodesetval != NULL) {
        xmlChar *text = NULL;
        int n = xmlC14NDocDumpMemory(doc, nodes->nodesetval, mode, NULL, 0, &text);
        if (n >= 0 && text != NULL) {
            *bytes = malloc((size_t)n + 1);
            if (*bytes != NULL) {
                memcpy(*bytes, text, (size_t)n);
                *length = (size_t)n;
            }
        }
        if (text != NULL) xmlFree(text);
    }
    if (nodes != NULL) xmlXPathFreeObject(nodes);
    xmlXPathFreeContext(xpath);
}

/* One keys manager per thread, made at its first verification and kept: setting one up loads
   OpenSSL's default certificate store (the system's CA bundle), which costs far more than a
   verification. It holds no keys of ours (each signature's key comes from its KeyInfo, whose
   certificates are not verified here), so reusing it carries nothing from one document to the next. */
static __thread xmlSecKeysMngrPtr thread_manager = NULL;

static xmlSecKeysMngrPtr keys_manager(void) {
    if (thread_manager != NULL) return thread_manager;
    xmlSecKeysMngrPtr manager = xmlSecKeysMngrCreate();
    if (manager == NULL) return NULL;
    if (xmlSecCryptoAppDefaultKeysMngrInit(manager) < 0) {
        xmlSecKeysMngrDestroy(manager);
        return NULL;
    }
    thread_manager = manager;
    return manager;
}

static void verify_signature(xmlDocPtr doc, xmlNodePtr signature, parity_xmlsec_result *out) {
    xmlSecKeysMngrPtr manager = keys_manager();
    if (manager == NULL) {
        fail(out, PARITY_XMLSEC_UNREADABLE, "cannot set up the keys manager");
        return;
    }
    xmlSecDSigCtxPtr ctx = xmlSecDSigCtxCreate(manager);
    if (ctx == NULL) {
        fail(out, PARITY_XMLSEC_UNREADABLE, "cannot set up the signature context");
        return;
    }
    ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty | xmlSecTransformUriTypeSameDocument;
    ctx->keyInfoReadCtx.flags |= XMLSEC_KEYINFO_FLAGS_X509DATA_DONT_VERIFY_CERTS;
    ctx->keyInfoReadCtx.retrievalMethodCtx.enabledUris =
        xmlSecTransformUriTypeEmpty | xmlSecTransformUriTypeSameDocument;
    allow_transforms(ctx);
    int rc = xmlSecDSigCtxVerify(ctx, signature);
    xmlSecSize count = xmlSecPtrListGetSize(&ctx->signedInfoReferences);
    for (xmlSecSize i = 0; i < count && out->reference_count < PARITY_XMLSEC_MAX_REFERENCES; i++) {
        xmlSecDSigReferenceCtxPtr r = (xmlSecDSigReferenceCtxPtr)xmlSecPtrListGetItem(&ctx->signedInfoReferences, i);
        if (r == NULL) continue;
        parity_xmlsec_reference *ref = &out->references[out->reference_count++];
        snprintf(ref->uri, sizeof ref->uri, "%s", r->uri ? (const char *)r->uri : "");
        snprintf(ref->type, sizeof ref->type, "%s", r->type ? (const char *)r->type : "");
        ref->digest_ok = r->status == xmlSecDSigStatusSucceeded;
    }
    if (rc < 0) {
        fail(out, PARITY_XMLSEC_UNREADABLE, "the signature cannot be processed");
    } else if (ctx->status == xmlSecDSigStatusSucceeded) {
        out->status = PARITY_XMLSEC_INTACT;
    } else {
        fail(out, PARITY_XMLSEC_BROKEN, "a reference's digest or the signature value does not verify");
    }
    copy_signer(ctx, out);
    xmlSecDSigCtxDestroy(ctx);
}

void parity_xmlsec_verify(const unsigned char *bytes, size_t length, parity_xmlsec_result *out) {
    memset(out, 0, sizeof *out);
    first_error[0] = 0;
    if (parity_xmlsec_initialise() != 0) {
        fail(out, PARITY_XMLSEC_UNREADABLE, "libxmlsec1 could not be initialised");
        return;
    }
    if (length > INT_MAX) {
        fail(out, PARITY_XMLSEC_UNREADABLE, "the document is too large");
        return;
    }
    xmlSetGenericErrorFunc(NULL, ignore_libxml_error);
    xmlDocPtr doc = xmlReadMemory((const char *)bytes, (int)length, "document.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL) {
        fail(out, PARITY_XMLSEC_UNREADABLE, "not well-formed XML");
        return;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    out->signatures = root ? count_signatures(root) : 0;
    xmlNodePtr signature = root ? xmlSecFindNode(root, xmlSecNodeSignature, xmlSecDSigNs) : NULL;
    if (signature == NULL) {
        out->status = PARITY_XMLSEC_UNSIGNED;
        xmlFreeDoc(doc);
        return;
    }
    char duplicate[128] = {0};
    if (!register_ids(doc, root, duplicate, sizeof duplicate)) {
        char message[200];
        snprintf(message, sizeof message, "the Id '%s' names more than one element", duplicate);
        fail(out, PARITY_XMLSEC_UNREADABLE, message);
        xmlFreeDoc(doc);
        return;
    }
    verify_signature(doc, signature, out);
    canonical_signature_value(doc, signature, XML_C14N_EXCLUSIVE_1_0, &out->signature_value_c14n[0],
                              &out->signature_value_c14n_length[0]);
    canonical_signature_value(doc, signature, XML_C14N_1_0, &out->signature_value_c14n[1],
                              &out->signature_value_c14n_length[1]);
    xmlFreeDoc(doc);
}

void parity_xmlsec_result_free(parity_xmlsec_result *result) {
    free(result->signer);
    free(result->signature_value_c14n[0]);
    free(result->signature_value_c14n[1]);
    result->signer = NULL;
    result->signature_value_c14n[0] = NULL;
    result->signature_value_c14n[1] = NULL;
}
