#ifndef PARITY_XMLSEC_GLUE_H
#define PARITY_XMLSEC_GLUE_H
#include <stddef.h>

/* What libxmlsec1 concludes about the first ds:Signature of an XML document, offline: the
   references' digests and the signature value checked with the key of the certificate in
   KeyInfo (its chain is not checked here), network and external references off, transforms
   limited to those XML-DSig and XAdES use. Plain C types only. */

enum parity_xmlsec_status {
    PARITY_XMLSEC_INTACT = 0,      /* every reference digest and the signature value verify */
    PARITY_XMLSEC_BROKEN = 1,      /* a digest or the signature value does not verify */
    PARITY_XMLSEC_UNSIGNED = 2,    /* no ds:Signature in the document */
    PARITY_XMLSEC_UNREADABLE = 3,  /* the document or its signature cannot be processed (see error) */
};

#define PARITY_XMLSEC_MAX_REFERENCES 16

typedef struct {
    char uri[256];
    char type[128];
    int digest_ok; /* 1: its digest matches */
} parity_xmlsec_reference;

typedef struct {
    int status;
    char error[512];
    int signatures;   /* how many ds:Signature elements the document holds */
    int reference_count;
    parity_xmlsec_reference references[PARITY_XMLSEC_MAX_REFERENCES];
    unsigned char *signer;        /* DER of the certificate whose key verified (malloc'd), or NULL */
    size_t signer_length;
    /* ds:SignatureValue canonicalised (malloc'd, or NULL): what a XAdES SignatureTimeStamp
       covers, under the canonicalisation it names: [0] exclusive C14N, [1] inclusive C14N 1.0 */
    unsigned char *signature_value_c14n[2];
    size_t signature_value_c14n_length[2];
} parity_xmlsec_result;

/* Process-wide set-up (libxml2, xmlsec, its OpenSSL engine); call once before verifying. 0 on success. */
int parity_xmlsec_initialise(void);

/* Verifies `bytes`; fills `out` (release it with parity_xmlsec_result_free). */
void parity_xmlsec_verify(const unsigned char *bytes, size_t length, parity_xmlsec_result *out);

void parity_xmlsec_result_free(parity_xmlsec_result *result);

/* An RFC 3161 timestamp token (CMS SignedData over a TSTInfo), its signature checked with
   OpenSSL: the content's digest against the signed attributes and the signature with the
   certificate the token carries for its one signer (that certificate's chain is not checked
   here). 1 when it verifies, with the signer's certificate (DER, malloc'd) in *signer; else 0
   and the reason in `error`. */
int parity_timestamp_signer(const unsigned char *token, size_t length, unsigned char **signer, size_t *signer_length,
                            char *error, size_t error_size);

/* What a CRL says of `certificate` issued by `issuer`: the CRL must be issued by `issuer` (indirect
   CRLs are not read) and its signature verify with the issuer's key (OpenSSL). Times are seconds
   since the epoch. */
typedef struct {
    int revoked;     /* 1: the CRL lists the certificate's serial number */
    long long revoked_at;
    long long this_update;
    long long next_update;
    int other_issuer; /* 1: the CRL is another CA's (not an error of the CRL) */
    char error[200];
} parity_crl_result;

/* 1 when the CRL is read, is the issuer's and its signature verifies; else 0 and `error`. */
int parity_crl_check(const unsigned char *crl, size_t length, const unsigned char *certificate,
                     size_t certificate_length, const unsigned char *issuer, size_t issuer_length,
                     parity_crl_result *out);
#endif
