//! The JS heap allocator: Rust's allocator with the run's memory limit, remembering when it
//! refused an allocation. QuickJS's own limit cannot be used for reporting, because once the
//! heap is full it may fail to allocate even the "out of memory" error it means to throw.
//! Must not be used for anything but the script runtime.

use std::cell::Cell;
use std::ptr;
use std::rc::Rc;

use rquickjs::allocator::{Allocator, RustAllocator};

pub(super) struct LimitedAllocator {
    inner: RustAllocator,
    /// Bytes live on the heap; shared with the engine, which reads it to decide on a collection.
    used: Rc<Cell<usize>>,
    /// Shared with the engine, which sets it before each event (it follows the bodies).
    limit: Rc<Cell<usize>>,
    /// Set when an allocation was refused; the engine clears it before each script.
    refused: Rc<Cell<bool>>,
}

impl LimitedAllocator {
    pub(super) fn new(
        used: Rc<Cell<usize>>,
        limit: Rc<Cell<usize>>,
        refused: Rc<Cell<bool>>,
    ) -> Self {
        LimitedAllocator {
            inner: RustAllocator,
            used,
            limit,
            refused,
        }
    }

    fn grow(&self, n: usize) {
        self.used.set(self.used.get().saturating_add(n));
    }

    fn shrink(&self, n: usize) {
        self.used.set(self.used.get().saturating_sub(n));
    }

    fn admit(&mut self, size: usize) -> bool {
        let fits = self
            .used
            .get()
            .checked_add(size)
            .is_some_and(|n| n <= self.limit.get());
        if !fits {
            self.refused.set(true);
        }
        fits
    }
}

// SAFETY: every call is forwarded to `RustAllocator` with the same pointer contract; this
// wrapper only does bookkeeping on sizes read through `usable_size` of live pointers.
unsafe impl Allocator for LimitedAllocator {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        if !self.admit(size) {
            return ptr::null_mut();
        }
        let p = self.inner.alloc(size);
        if !p.is_null() {
            // SAFETY: `p` was just returned by the inner allocator.
            self.grow(unsafe { RustAllocator::usable_size(p) });
        }
        p
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        let Some(total) = count.checked_mul(size) else {
            self.refused.set(true);
            return ptr::null_mut();
        };
        if !self.admit(total) {
            return ptr::null_mut();
        }
        let p = self.inner.calloc(count, size);
        if !p.is_null() {
            // SAFETY: `p` was just returned by the inner allocator.
            self.grow(unsafe { RustAllocator::usable_size(p) });
        }
        p
    }

    unsafe fn dealloc(&mut self, p: *mut u8) {
        if p.is_null() {
            return;
        }
        // SAFETY: the caller passes a live pointer from this allocator.
        unsafe {
            self.shrink(RustAllocator::usable_size(p));
            self.inner.dealloc(p);
        }
    }

    unsafe fn realloc(&mut self, p: *mut u8, new_size: usize) -> *mut u8 {
        if p.is_null() {
            return self.alloc(new_size);
        }
        // SAFETY: the caller passes a live pointer from this allocator.
        let old = unsafe { RustAllocator::usable_size(p) };
        if new_size > old && !self.admit(new_size - old) {
            return ptr::null_mut();
        }
        // SAFETY: as above; on success the old pointer is consumed by the inner allocator.
        let q = unsafe { self.inner.realloc(p, new_size) };
        if !q.is_null() {
            // SAFETY: `q` was just returned by the inner allocator.
            self.shrink(old);
            self.grow(unsafe { RustAllocator::usable_size(q) });
        }
        q
    }

    unsafe fn usable_size(p: *mut u8) -> usize {
        // SAFETY: the caller passes a live pointer from this allocator.
        unsafe { RustAllocator::usable_size(p) }
    }
}
