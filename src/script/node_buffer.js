// Placeholder until this library is written: using it fails with a clear message.
throw new Error('node_buffer is not supported by conform');
