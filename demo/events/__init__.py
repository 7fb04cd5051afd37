"""The demo's loaders, one module per documented event (and its synthetic details), each a function
of the run's `demo.loader.Loader`; `demo.services.demo_load` runs them in order. Their data is in
`demo.data`, in modules of the same names."""
