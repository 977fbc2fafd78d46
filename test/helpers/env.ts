// On Node 20 only: the AWS SDK warns once per process that its releases after the first week of
// January 2027 need Node >= 22. True (README: Node 20 is end of life and kept only until then), but in
// test output it is noise repeated for every test file. Node 24, what CI and the image run, gets no
// warning, so nothing is silenced there.
if (Number(process.versions.node.split('.')[0]) < 22) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}
