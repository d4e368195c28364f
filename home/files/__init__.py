"""Images and documents: images that render whatever befalls their file,
documents served as they are, and which objects of the S3-compatible storage are
public.

A subpackage of `home`, not an app of its own: images and documents are
Wagtail's models, and this only changes how their files are stored and served.
Not named `media`: that is the uploaded files' folder, which tools skip."""
