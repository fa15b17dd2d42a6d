"""Warnings about where a journal lives: network shares and cloud-sync folders break SQLite."""

from __future__ import annotations

from pathlib import Path

NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "9p", "ncpfs", "davfs",
     "fuse.sshfs", "fuse.rclone", "fuse.davfs2", "fuse.gcsfuse", "fuse.s3fs", "glusterfs",
     "ceph", "fuse.glusterfs", "lustre", "gpfs", "beegfs", "fuse.onedriver"}
)  # fmt: skip

# How the sync clients name their folders ("OneDrive - Contoso", "Dropbox (Personal)"),
# matched case-insensitively at the start of a path part.
CLOUD_PREFIXES = (
    ("dropbox", "Dropbox"),
    ("onedrive", "OneDrive"),
    ("icloud drive", "iCloud Drive"),
    ("icloud", "iCloud Drive"),
    ("com~apple~clouddocs", "iCloud Drive"),
    ("mobile documents", "iCloud Drive"),
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("my drive", "Google Drive"),
    ("pcloud drive", "pCloud"),
    ("nextcloud", "Nextcloud"),
    ("owncloud", "ownCloud"),
)


def _unescape_mount(field: str) -> str:
    # /proc/mounts escapes spaces and tabs as octal (\040, \011).
    return (field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n")).replace(
        "\\134", "\\"
    )


def mount_of(path: Path, mounts_text: str) -> tuple[str, str] | None:
    """The (mount point, filesystem type) holding `path`, from the text of /proc/mounts."""
    best: tuple[str, str] | None = None
    target = str(path)
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point, fstype = _unescape_mount(fields[1]), fields[2]
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= len(best[0])):
            best = (point, fstype)
    return best


def cloud_service(path: Path) -> str | None:
    """The sync service whose folder holds `path`, if any."""
    for part in path.parts[:-1]:
        lowered = part.lower()
        for prefix, service in CLOUD_PREFIXES:
            if lowered.startswith(prefix):
                return service
    return None


def location_warnings(path: Path, *, mounts_text: str | None = None) -> list[str]:
    """Why storing the journal at `path` is risky (empty when it is a local folder)."""
    path = path.resolve()
    warnings: list[str] = []
    service = cloud_service(path)
    if service:
        warnings.append(
            f"the journal is inside a {service} folder ({path.parent}): a sync client can copy "
            "it half-written or bring back an old copy; keep it in a local folder and let "
            "backups go to the cloud instead"
        )
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            mounts_text = ""
    mount = mount_of(path, mounts_text)
    if mount and (mount[1] in NETWORK_FILESYSTEMS or mount[1].startswith(("nfs", "smb"))):
        warnings.append(
            f"the journal is on a network share ({mount[1]} at {mount[0]}): file locking there "
            "is unreliable and the journal can be damaged; keep it on this computer's disk, "
            "or use a PostgreSQL server to share it"
        )
    return warnings
