/* handle.c: live handles of the DLL: registration, validation by lookup, no dereference of unknown pointers. */
#include <stdint.h>
#include <windows.h>
#include "handle.h"

#define INITIAL_BUCKETS 64

/* A chained hash set of object addresses. The lock is shared for lookups, exclusive for changes;
 * the table grows when chains get long and stays as it is if memory for a bigger one is lacking. */
static SRWLOCK registry_lock = SRWLOCK_INIT;
static struct handle_header *initial_buckets[INITIAL_BUCKETS];
static struct handle_header **buckets = initial_buckets;
static size_t bucket_count = INITIAL_BUCKETS;   /* a power of two */
static size_t entry_count;
static unsigned int type_counts[HANDLE_TYPE_COUNT];

static size_t bucket_of(const void *handle, size_t count)
{
    uint64_t h = (uint64_t)(uintptr_t)handle;
    h ^= h >> 4;
    h *= 0x9e3779b97f4a7c15ull;
    return (size_t)(h >> 32) & (count - 1);
}

/* Called with the lock held exclusively. */
static void grow(void)
{
    size_t new_count = bucket_count * 2, i;
    struct handle_header **new_buckets;

    if (new_count < bucket_count) return;
    if (!(new_buckets = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, new_count * sizeof(*new_buckets))))
        return;
    for (i = 0; i < bucket_count; i++)
    {
        struct handle_header *entry = buckets[i], *next;
        for (; entry; entry = next)
        {
            size_t b = bucket_of(entry, new_count);
            next = entry->next;
            entry->next = new_buckets[b];
            new_buckets[b] = entry;
        }
    }
    if (buckets != initial_buckets) HeapFree(GetProcessHeap(), 0, buckets);
    buckets = new_buckets;
    bucket_count = new_count;
}

void handle_init(struct handle_header *header, enum handle_type type,
                 void (*destroy)(struct handle_header *header))
{
    header->type = type;
    header->refcount = 1;
    header->destroy = destroy;
    header->next = NULL;
}

void handle_register(struct handle_header *header)
{
    size_t b;

    AcquireSRWLockExclusive(&registry_lock);
    if (entry_count >= bucket_count * 2) grow();
    b = bucket_of(header, bucket_count);
    header->next = buckets[b];
    buckets[b] = header;
    entry_count++;
    if (header->type < HANDLE_TYPE_COUNT) type_counts[header->type]++;
    ReleaseSRWLockExclusive(&registry_lock);
}

struct handle_header *handle_lookup(const void *handle, enum handle_type type)
{
    struct handle_header *entry, *found = NULL;

    if (!handle) return NULL;
    AcquireSRWLockShared(&registry_lock);
    for (entry = buckets[bucket_of(handle, bucket_count)]; entry; entry = entry->next)
    {
        if ((const void *)entry != handle) continue;
        /* Registered, hence alive: the creator's reference is only dropped after unregistering. */
        if (entry->type == type)
        {
            InterlockedIncrement(&entry->refcount);
            found = entry;
        }
        break;
    }
    ReleaseSRWLockShared(&registry_lock);
    return found;
}

BOOL handle_unregister(struct handle_header *header)
{
    struct handle_header **link;
    BOOL removed = FALSE;

    AcquireSRWLockExclusive(&registry_lock);
    for (link = &buckets[bucket_of(header, bucket_count)]; *link; link = &(*link)->next)
    {
        if (*link != header) continue;
        *link = header->next;
        header->next = NULL;
        entry_count--;
        if (header->type < HANDLE_TYPE_COUNT) type_counts[header->type]--;
        removed = TRUE;
        break;
    }
    ReleaseSRWLockExclusive(&registry_lock);
    return removed;
}

void handle_addref(struct handle_header *header)
{
    InterlockedIncrement(&header->refcount);
}

void handle_release(struct handle_header *header)
{
    if (!InterlockedDecrement(&header->refcount)) header->destroy(header);
}

unsigned int handle_count(enum handle_type type)
{
    unsigned int count;

    if (type >= HANDLE_TYPE_COUNT) return 0;
    AcquireSRWLockShared(&registry_lock);
    count = type_counts[type];
    ReleaseSRWLockShared(&registry_lock);
    return count;
}
