/* handle.h: live handles of the DLL: registration, validation by lookup, no dereference of unknown pointers. */
#ifndef RPCRT4_HANDLE_H
#define RPCRT4_HANDLE_H

#include <windows.h>

/* What a registered object is; a lookup names the type it expects. */
enum handle_type
{
    HANDLE_TYPE_NONE = 0,
    HANDLE_TYPE_BINDING,        /* struct rpc_binding: an RPC_BINDING_HANDLE */
    HANDLE_TYPE_CLIENT_CALL,    /* struct client_call: what RPC_MESSAGE.ReservedForRuntime holds on a client */
    HANDLE_TYPE_COUNT
};

/* The first member of every object handed to callers as a handle. The handle value IS the object's
 * address; the registry holds the set of live addresses, so an unknown value (freed, foreign,
 * garbage, NULL) is answered by a lookup in that set and never dereferenced.
 *
 * Lifetime: handle_init gives the object one reference, the creator's. Registering makes it findable;
 * every successful handle_lookup adds a reference that its caller drops with handle_release. The
 * object's owner (the export that frees the handle) calls handle_unregister, which succeeds for
 * exactly one caller, and then drops the creator's reference. The last handle_release calls destroy:
 * the one place that frees the object. */
struct handle_header
{
    enum handle_type type;
    LONG refcount;
    void (*destroy)(struct handle_header *header);
    struct handle_header *next;     /* registry chain; owned by handle.c */
};

/* Sets the type, one reference and the destructor; the object is not yet findable. */
void handle_init(struct handle_header *header, enum handle_type type,
                 void (*destroy)(struct handle_header *header));

/* Makes the object findable by its address. Never fails. */
void handle_register(struct handle_header *header);

/* The registered object of the given type at address handle, with a reference taken, or NULL when
 * handle is not a registered object of that type. Never reads memory at an unknown address. */
struct handle_header *handle_lookup(const void *handle, enum handle_type type);

/* Removes the object from the registry. TRUE for the one caller that removed it; FALSE when it was not
 * registered (already unregistered by another caller). Does not drop any reference. */
BOOL handle_unregister(struct handle_header *header);

void handle_addref(struct handle_header *header);
/* Drops one reference; the last one calls destroy. */
void handle_release(struct handle_header *header);

/* How many objects of the type are registered (for tests and leak traces). */
unsigned int handle_count(enum handle_type type);

#endif
