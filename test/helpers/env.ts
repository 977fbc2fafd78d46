// The AWS SDK warns once per process that releases after January 2027 need Node 22. True, and noted
// in the README; in test output it is noise repeated for every test file.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
