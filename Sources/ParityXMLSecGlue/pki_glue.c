/* The PKI objects a seal carries that Parity checks with OpenSSL: RFC 3161 timestamp tokens
   (CMS) and CRLs (OCSP responses are read in Swift: OCSPResponse.swift). */
#include "xmlsec_glue.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <time.h>

int parity_timestamp_signer(const unsigned char *token, size_t length, unsigned char **signer, size_t *signer_length,
                            char *error, size_t error_size) {
    *signer = NULL;
    *signer_length = 0;
    if (length > LONG_MAX) {
        snprintf(error, error_size, "the token is too large");
        return 0;
    }
    const unsigned char *cursor = token;
    PKCS7 *p7 = d2i_PKCS7(NULL, &cursor, (long)length);
    if (p7 == NULL || !PKCS7_type_is_signed(p7)) {
        snprintf(error, error_size, "not a CMS SignedData");
        if (p7 != NULL) PKCS7_free(p7);
        return 0;
    }
    int verified = 0;
    STACK_OF(PKCS7_SIGNER_INFO) *infos = PKCS7_get_signer_info(p7);
    STACK_OF(X509) *signers = PKCS7_get0_signers(p7, NULL, 0);
    if (infos == NULL || sk_PKCS7_SIGNER_INFO_num(infos) != 1) {
        snprintf(error, error_size, "not exactly one signer");
    } else if (signers == NULL || sk_X509_num(signers) != 1) {
        snprintf(error, error_size, "the token does not carry its signer's certificate");
    } else {
        X509 *certificate = sk_X509_value(signers, 0);
        BIO *content = PKCS7_dataInit(p7, NULL);
        if (content == NULL) {
            snprintf(error, error_size, "its content cannot be read");
        } else {
            char buffer[4096];
            while (BIO_read(content, buffer, sizeof buffer) > 0) {}
            if (PKCS7_signatureVerify(content, p7, sk_PKCS7_SIGNER_INFO_value(infos, 0), certificate) > 0) {
                int n = i2d_X509(certificate, NULL);
                unsigned char *der = n > 0 ? malloc((size_t)n) : NULL;
                if (der != NULL) {
                    unsigned char *out = der;
                    i2d_X509(certificate, &out);
                    *signer = der;
                    *signer_length = (size_t)n;
                    verified = 1;
                }
            } else {
                snprintf(error, error_size, "its signature does not verify");
            }
            BIO_free_all(content);
        }
    }
    if (signers != NULL) sk_X509_free(signers);
    PKCS7_free(p7);
    return verified;
}

static long long epoch_seconds(const ASN1_TIME *time) {
    struct tm parts;
    if (time == NULL || ASN1_TIME_to_tm(time, &parts) != 1) return 0;
    return (long long)timegm(&parts);
}

int parity_crl_check(const unsigned char *crl, size_t length, const unsigned char *certificate,
                     size_t certificate_length, const unsigned char *issuer, size_t issuer_length,
                     parity_crl_result *out) {
    memset(out, 0, sizeof *out);
    if (length > LONG_MAX || certificate_length > LONG_MAX || issuer_length > LONG_MAX) {
        snprintf(out->error, sizeof out->error, "too large");
        return 0;
    }
    const unsigned char *cursor = crl;
    X509_CRL *list = d2i_X509_CRL(NULL, &cursor, (long)length);
    cursor = certificate;
    X509 *subject = d2i_X509(NULL, &cursor, (long)certificate_length);
    cursor = issuer;
    X509 *issuing = d2i_X509(NULL, &cursor, (long)issuer_length);
    int ok = 0;
    EVP_PKEY *key = issuing != NULL ? X509_get0_pubkey(issuing) : NULL;
    if (list == NULL) {
        snprintf(out->error, sizeof out->error, "not a CRL (RFC 5280 CertificateList)");
    } else if (subject == NULL || issuing == NULL || key == NULL) {
        snprintf(out->error, sizeof out->error, "a certificate cannot be read");
    } else if (X509_NAME_cmp(X509_CRL_get_issuer(list), X509_get_subject_name(issuing)) != 0) {
        out->other_issuer = 1;
        snprintf(out->error, sizeof out->error, "the CRL is issued by another CA than the signer's issuer");
    } else if (X509_CRL_verify(list, key) != 1) {
        snprintf(out->error, sizeof out->error, "the CRL's signature does not verify with the issuer's key");
    } else {
        ok = 1;
        out->this_update = epoch_seconds(X509_CRL_get0_lastUpdate(list));
        out->next_update = epoch_seconds(X509_CRL_get0_nextUpdate(list));
        X509_REVOKED *entry = NULL;
        if (X509_CRL_get0_by_serial(list, &entry, X509_get0_serialNumber(subject)) == 1 && entry != NULL) {
            out->revoked = 1;
            out->revoked_at = epoch_seconds(X509_REVOKED_get0_revocationDate(entry));
        }
    }
    X509_CRL_free(list);
    X509_free(subject);
    X509_free(issuing);
    return ok;
}
