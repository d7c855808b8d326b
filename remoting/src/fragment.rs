//! PSRP fragments (MS-PSRP 2.2.4; PowerShell `fragmentor.cs`): how a message travels as one
//! or more blobs, and how the receiver puts it back together.
//!
//! ```text
//! offset size field
//!  0      8   ObjectId    u64 big-endian, > 0 (and < 2^63: PowerShell reads an int64)
//!  8      8   FragmentId  u64 big-endian, 0, 1, 2, ... within the object
//! 16      1   Flags       0x1 start, 0x2 end (0x4 "control" is documented, never set)
//! 17      4   BlobLength  u32 big-endian
//! 21      n   Blob        a slice of the message bytes
//! ```
//!
//! The [`Defragmenter`] is a byte-stream reassembler: fragments may arrive split across
//! transport packets, and one packet may carry several. It never panics on any input and
//! bounds what it buffers by [`Limits`].

use crate::limits::Limits;

/// Length of a fragment header.
pub const FRAGMENT_HEADER_LEN: usize = 21;

const FLAG_START: u8 = 0x1;
const FLAG_END: u8 = 0x2;
const FLAG_CONTROL: u8 = 0x4;
/// The largest object id PowerShell can send or read (an `Int64`).
const MAX_OBJECT_ID: u64 = i64::MAX as u64;

/// What is wrong with received fragment bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FragmentError {
    /// Fewer than 21 bytes where a header was expected.
    #[error("fragment header truncated: {0} of 21 bytes present")]
    TruncatedHeader(usize),
    /// The header announces more blob bytes than there are.
    #[error("fragment blob truncated: header announces {expected} bytes, {actual} present")]
    TruncatedBlob {
        /// BlobLength from the header.
        expected: usize,
        /// Bytes actually present.
        actual: usize,
    },
    /// ObjectId 0 or beyond `i64::MAX`.
    #[error("fragment object id {0} is not a positive 64-bit integer")]
    InvalidObjectId(u64),
    /// FragmentId beyond `i64::MAX`.
    #[error("fragment id {0} is not a non-negative 64-bit integer")]
    InvalidFragmentId(u64),
    /// Flag bits other than start, end and control are set.
    #[error("fragment flags {0:#04x} have reserved bits set")]
    InvalidFlags(u8),
    /// A single blob longer than any message may be.
    #[error("fragment blob of {length} bytes exceeds the message size limit of {limit} bytes")]
    BlobTooLarge {
        /// BlobLength from the header.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// A start fragment whose FragmentId is not 0.
    #[error("object {object_id}: start fragment has fragment id {fragment_id}, expected 0")]
    StartNotFirst {
        /// The object.
        object_id: u64,
        /// The id it carried.
        fragment_id: u64,
    },
    /// A fragment id that does not follow the previous one.
    #[error("object {object_id}: fragment {got} arrived where fragment {expected} was expected")]
    OutOfOrder {
        /// The object.
        object_id: u64,
        /// The id that was due.
        expected: u64,
        /// The id that arrived.
        got: u64,
    },
    /// A continuation fragment for an object that never started.
    #[error("object {0}: continuation fragment for an object that was never started")]
    UnknownObject(u64),
    /// A start fragment for an object that is still being received.
    #[error("object {0}: started again while still being received")]
    DuplicateStart(u64),
    /// The reassembled message would exceed the limit.
    #[error("object {object_id}: message exceeds the limit of {limit} bytes")]
    MessageTooLarge {
        /// The object.
        object_id: u64,
        /// The limit.
        limit: usize,
    },
    /// Too many objects partially received at once, or too many bytes held in them.
    #[error("too many partially received objects (limit {objects} objects, {bytes} bytes)")]
    TooManyPartials {
        /// The object-count limit.
        objects: usize,
        /// The byte limit.
        bytes: usize,
    },
    /// The stream ended inside a fragment or an object.
    #[error(
        "stream ended with {bytes} bytes of an incomplete fragment and {objects} incomplete objects"
    )]
    Incomplete {
        /// Bytes of a fragment not yet complete.
        bytes: usize,
        /// Objects started and not ended.
        objects: usize,
    },
    /// An earlier error left the stream unusable.
    #[error("the fragment stream failed earlier and cannot continue")]
    Failed,
}

/// The fixed part of a fragment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FragmentHeader {
    /// Identifies the message (object) this fragment belongs to.
    pub object_id: u64,
    /// Position of this fragment within its object, from 0.
    pub fragment_id: u64,
    /// First fragment of its object.
    pub start: bool,
    /// Last fragment of its object.
    pub end: bool,
    /// Length of the blob that follows.
    pub blob_length: u32,
}

impl FragmentHeader {
    /// Appends the 21 header bytes to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.object_id.to_be_bytes());
        out.extend_from_slice(&self.fragment_id.to_be_bytes());
        let mut flags = 0;
        if self.start {
            flags |= FLAG_START;
        }
        if self.end {
            flags |= FLAG_END;
        }
        out.push(flags);
        out.extend_from_slice(&self.blob_length.to_be_bytes());
    }

    /// Reads and validates a header from the first 21 bytes of `bytes`.
    pub fn decode(bytes: &[u8]) -> Result<Self, FragmentError> {
        let h = bytes
            .get(..FRAGMENT_HEADER_LEN)
            .ok_or(FragmentError::TruncatedHeader(bytes.len()))?;
        let mut object_id = [0u8; 8];
        object_id.copy_from_slice(&h[0..8]);
        let mut fragment_id = [0u8; 8];
        fragment_id.copy_from_slice(&h[8..16]);
        let flags = h[16];
        let mut blob_length = [0u8; 4];
        blob_length.copy_from_slice(&h[17..21]);
        let header = FragmentHeader {
            object_id: u64::from_be_bytes(object_id),
            fragment_id: u64::from_be_bytes(fragment_id),
            start: flags & FLAG_START != 0,
            end: flags & FLAG_END != 0,
            blob_length: u32::from_be_bytes(blob_length),
        };
        if header.object_id == 0 || header.object_id > MAX_OBJECT_ID {
            return Err(FragmentError::InvalidObjectId(header.object_id));
        }
        if header.fragment_id > MAX_OBJECT_ID {
            return Err(FragmentError::InvalidFragmentId(header.fragment_id));
        }
        if flags & !(FLAG_START | FLAG_END | FLAG_CONTROL) != 0 {
            return Err(FragmentError::InvalidFlags(flags));
        }
        Ok(header)
    }
}

/// A whole fragment: header fields and blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// The header (its `blob_length` equals `blob.len()`).
    pub header: FragmentHeader,
    /// The slice of the message this fragment carries.
    pub blob: Vec<u8>,
}

impl Fragment {
    /// Appends the encoded fragment (header and blob) to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        self.header.encode(out);
        out.extend_from_slice(&self.blob);
    }

    /// Decodes one fragment from the start of `bytes`, returning it and the bytes it took.
    pub fn decode(bytes: &[u8]) -> Result<(Fragment, usize), FragmentError> {
        let header = FragmentHeader::decode(bytes)?;
        let len = header.blob_length as usize;
        let rest = &bytes[FRAGMENT_HEADER_LEN..];
        let blob = rest.get(..len).ok_or(FragmentError::TruncatedBlob {
            expected: len,
            actual: rest.len(),
        })?;
        Ok((
            Fragment {
                header,
                blob: blob.to_vec(),
            },
            FRAGMENT_HEADER_LEN + len,
        ))
    }
}

/// Splits messages into fragments of at most `fragment_size` bytes, header included, giving
/// each message the next object id.
#[derive(Debug, Clone)]
pub struct Fragmenter {
    max_blob: usize,
    next_object_id: u64,
}

impl Fragmenter {
    /// A fragmenter for fragments of at most `fragment_size` bytes (at least 22 is used, so
    /// every fragment carries a byte of blob). Object ids start at 1.
    pub fn new(fragment_size: usize) -> Self {
        let max_blob = fragment_size
            .saturating_sub(FRAGMENT_HEADER_LEN)
            .clamp(1, u32::MAX as usize);
        Fragmenter {
            max_blob,
            next_object_id: 1,
        }
    }

    /// The largest blob a fragment gets.
    pub fn max_blob(&self) -> usize {
        self.max_blob
    }

    fn take_object_id(&mut self) -> u64 {
        let id = self.next_object_id;
        // Wrap inside the positive int64 range; uniqueness only matters among objects in
        // flight, of which there are far fewer than 2^63.
        self.next_object_id = if id >= MAX_OBJECT_ID { 1 } else { id + 1 };
        id
    }

    /// Splits one message into fragments. An empty message becomes one empty start+end
    /// fragment.
    pub fn fragment(&mut self, message: &[u8]) -> Vec<Fragment> {
        let object_id = self.take_object_id();
        let mut chunks: Vec<&[u8]> = message.chunks(self.max_blob).collect();
        if chunks.is_empty() {
            chunks.push(&[]);
        }
        let last = chunks.len() - 1;
        chunks
            .into_iter()
            .enumerate()
            .map(|(i, blob)| Fragment {
                header: FragmentHeader {
                    object_id,
                    fragment_id: i as u64,
                    start: i == 0,
                    end: i == last,
                    // max_blob <= u32::MAX, so this never saturates.
                    blob_length: u32::try_from(blob.len()).unwrap_or(u32::MAX),
                },
                blob: blob.to_vec(),
            })
            .collect()
    }

    /// Splits one message and returns each fragment encoded.
    pub fn fragment_encoded(&mut self, message: &[u8]) -> Vec<Vec<u8>> {
        self.fragment(message)
            .into_iter()
            .map(|f| {
                let mut out = Vec::with_capacity(FRAGMENT_HEADER_LEN + f.blob.len());
                f.encode(&mut out);
                out
            })
            .collect()
    }
}

#[derive(Debug)]
struct Partial {
    object_id: u64,
    next_fragment_id: u64,
    data: Vec<u8>,
}

/// Reassembles messages from a byte stream of fragments (one per transport stream).
///
/// Objects may be interleaved (PowerShell never does; up to
/// [`Limits::max_partial_objects`] are accepted), but within an object fragment ids must
/// come in order from 0. After any error the defragmenter refuses further input: the peer is
/// broken and the connection should be dropped.
#[derive(Debug)]
pub struct Defragmenter {
    limits: Limits,
    pending: Vec<u8>,
    partials: Vec<Partial>,
    partial_bytes: usize,
    failed: bool,
}

impl Defragmenter {
    /// A defragmenter bounded by `limits`.
    pub fn new(limits: Limits) -> Self {
        Defragmenter {
            limits,
            pending: Vec::new(),
            partials: Vec::new(),
            partial_bytes: 0,
            failed: false,
        }
    }

    /// Feeds received bytes; returns the messages they complete, in order.
    pub fn push(&mut self, bytes: &[u8]) -> Result<Vec<Vec<u8>>, FragmentError> {
        if self.failed {
            return Err(FragmentError::Failed);
        }
        let result = self.push_inner(bytes);
        if result.is_err() {
            self.failed = true;
            self.pending = Vec::new();
            self.partials = Vec::new();
            self.partial_bytes = 0;
        }
        result
    }

    fn push_inner(&mut self, bytes: &[u8]) -> Result<Vec<Vec<u8>>, FragmentError> {
        self.pending.extend_from_slice(bytes);
        let mut done = Vec::new();
        let mut at = 0;
        loop {
            let rest = &self.pending[at..];
            if rest.len() < FRAGMENT_HEADER_LEN {
                break;
            }
            let header = FragmentHeader::decode(rest)?;
            let len = header.blob_length as usize;
            if len > self.limits.max_message_size {
                return Err(FragmentError::BlobTooLarge {
                    length: len,
                    limit: self.limits.max_message_size,
                });
            }
            if rest.len() < FRAGMENT_HEADER_LEN + len {
                break;
            }
            let start = at + FRAGMENT_HEADER_LEN;
            at = start + len;
            let blob = self.pending[start..at].to_vec();
            if let Some(message) = self.accept(header, blob)? {
                done.push(message);
            }
        }
        self.pending.drain(..at);
        Ok(done)
    }

    fn accept(
        &mut self,
        header: FragmentHeader,
        blob: Vec<u8>,
    ) -> Result<Option<Vec<u8>>, FragmentError> {
        let object_id = header.object_id;
        let limit = self.limits.max_message_size;
        let position = self.partials.iter().position(|p| p.object_id == object_id);
        if header.start {
            if position.is_some() {
                return Err(FragmentError::DuplicateStart(object_id));
            }
            if header.fragment_id != 0 {
                return Err(FragmentError::StartNotFirst {
                    object_id,
                    fragment_id: header.fragment_id,
                });
            }
            if blob.len() > limit {
                return Err(FragmentError::MessageTooLarge { object_id, limit });
            }
            if header.end {
                return Ok(Some(blob));
            }
            if self.partials.len() >= self.limits.max_partial_objects {
                return Err(self.too_many());
            }
            self.add_partial_bytes(blob.len())?;
            self.partials.push(Partial {
                object_id,
                next_fragment_id: 1,
                data: blob,
            });
            return Ok(None);
        }
        let index = position.ok_or(FragmentError::UnknownObject(object_id))?;
        let expected = self.partials[index].next_fragment_id;
        if header.fragment_id != expected {
            return Err(FragmentError::OutOfOrder {
                object_id,
                expected,
                got: header.fragment_id,
            });
        }
        if self.partials[index].data.len() + blob.len() > limit {
            return Err(FragmentError::MessageTooLarge { object_id, limit });
        }
        self.add_partial_bytes(blob.len())?;
        let partial = &mut self.partials[index];
        partial.data.extend_from_slice(&blob);
        partial.next_fragment_id = expected + 1;
        if header.end {
            let partial = self.partials.swap_remove(index);
            self.partial_bytes -= partial.data.len();
            return Ok(Some(partial.data));
        }
        Ok(None)
    }

    fn add_partial_bytes(&mut self, n: usize) -> Result<(), FragmentError> {
        let total = self.partial_bytes + n;
        if total > self.limits.max_partial_bytes {
            return Err(self.too_many());
        }
        self.partial_bytes = total;
        Ok(())
    }

    fn too_many(&self) -> FragmentError {
        FragmentError::TooManyPartials {
            objects: self.limits.max_partial_objects,
            bytes: self.limits.max_partial_bytes,
        }
    }

    /// Whether nothing is buffered: no partial fragment and no partial object.
    pub fn is_idle(&self) -> bool {
        self.pending.is_empty() && self.partials.is_empty()
    }

    /// Checks, at the end of the stream, that nothing was left incomplete.
    pub fn finish(&self) -> Result<(), FragmentError> {
        if self.failed {
            return Err(FragmentError::Failed);
        }
        if self.is_idle() {
            Ok(())
        } else {
            Err(FragmentError::Incomplete {
                bytes: self.pending.len(),
                objects: self.partials.len(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode_all(fragments: &[Fragment]) -> Vec<u8> {
        let mut out = Vec::new();
        for f in fragments {
            f.encode(&mut out);
        }
        out
    }

    fn frag(object_id: u64, fragment_id: u64, start: bool, end: bool, blob: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        Fragment {
            header: FragmentHeader {
                object_id,
                fragment_id,
                start,
                end,
                blob_length: blob.len() as u32,
            },
            blob: blob.to_vec(),
        }
        .encode(&mut out);
        out
    }

    #[test]
    fn header_bytes_match_the_transcript() {
        // First fragment of psrp.md 12.4: oid 1, fid 0, flags 0x03, blob 199.
        let mut out = Vec::new();
        FragmentHeader {
            object_id: 1,
            fragment_id: 0,
            start: true,
            end: true,
            blob_length: 199,
        }
        .encode(&mut out);
        assert_eq!(
            out,
            [
                0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0xc7
            ]
        );
        let h = FragmentHeader::decode(&out).unwrap();
        assert_eq!(
            (h.object_id, h.fragment_id, h.start, h.end),
            (1, 0, true, true)
        );
        assert_eq!(h.blob_length, 199);
    }

    #[test]
    fn seventy_thousand_bytes_split_like_powershell() {
        // psrp.md 3: a PIPELINE_INPUT with 70007 bytes of data (70047 with its header) at
        // fragment size 32768 -> 32747 + 32747 + 4553, flags 0x01, 0x00, 0x02.
        let message = vec![b'x'; 70047];
        let mut fragmenter = Fragmenter::new(crate::limits::DEFAULT_FRAGMENT_SIZE);
        let fragments = fragmenter.fragment(&message);
        let shape: Vec<_> = fragments
            .iter()
            .map(|f| {
                (
                    f.header.fragment_id,
                    f.header.start,
                    f.header.end,
                    f.blob.len(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (0, true, false, 32747),
                (1, false, false, 32747),
                (2, false, true, 4553)
            ]
        );
        assert!(fragments.iter().all(|f| f.header.object_id == 1));
        assert_eq!(fragmenter.fragment(b"next")[0].header.object_id, 2);

        let mut d = Defragmenter::new(Limits::default());
        let got = d.push(&encode_all(&fragments)).unwrap();
        assert_eq!(got, vec![message]);
        assert!(d.finish().is_ok());
    }

    #[test]
    fn round_trip_byte_by_byte_and_several_per_packet() {
        let mut fragmenter = Fragmenter::new(30);
        let a: Vec<u8> = (0..100u8).collect();
        let b = b"short".to_vec();
        let c = Vec::new();
        let mut stream = Vec::new();
        for m in [&a, &b, &c] {
            stream.extend(encode_all(&fragmenter.fragment(m)));
        }
        let mut d = Defragmenter::new(Limits::default());
        let mut got = Vec::new();
        for byte in &stream {
            got.extend(d.push(std::slice::from_ref(byte)).unwrap());
        }
        assert_eq!(got, vec![a.clone(), b.clone(), c.clone()]);

        let mut d = Defragmenter::new(Limits::default());
        assert_eq!(d.push(&stream).unwrap(), vec![a, b, c]);
    }

    #[test]
    fn interleaved_objects_are_reassembled() {
        let mut stream = frag(1, 0, true, false, b"a1");
        stream.extend(frag(2, 0, true, false, b"b1"));
        stream.extend(frag(1, 1, false, true, b"a2"));
        stream.extend(frag(2, 1, false, true, b"b2"));
        let mut d = Defragmenter::new(Limits::default());
        assert_eq!(
            d.push(&stream).unwrap(),
            vec![b"a1a2".to_vec(), b"b1b2".to_vec()]
        );
    }

    #[test]
    fn truncated_header_and_blob() {
        let whole = frag(1, 0, true, true, b"hello");
        assert_eq!(
            Fragment::decode(&whole[..10]),
            Err(FragmentError::TruncatedHeader(10))
        );
        assert_eq!(
            Fragment::decode(&whole[..23]),
            Err(FragmentError::TruncatedBlob {
                expected: 5,
                actual: 2
            })
        );
        let (f, used) = Fragment::decode(&whole).unwrap();
        assert_eq!((f.blob.as_slice(), used), (&b"hello"[..], 26));

        // A stream cut inside a fragment is incomplete at the end.
        let mut d = Defragmenter::new(Limits::default());
        assert!(d.push(&whole[..23]).unwrap().is_empty());
        assert_eq!(
            d.finish(),
            Err(FragmentError::Incomplete {
                bytes: 23,
                objects: 0
            })
        );
        // ...and so is one cut between fragments of one object.
        let mut d = Defragmenter::new(Limits::default());
        d.push(&frag(1, 0, true, false, b"x")).unwrap();
        assert_eq!(
            d.finish(),
            Err(FragmentError::Incomplete {
                bytes: 0,
                objects: 1
            })
        );
    }

    #[test]
    fn bad_headers() {
        let mut zero = frag(1, 0, true, true, b"");
        zero[7] = 0;
        assert_eq!(
            FragmentHeader::decode(&zero),
            Err(FragmentError::InvalidObjectId(0))
        );
        let negative = frag(u64::MAX, 0, true, true, b"");
        assert_eq!(
            FragmentHeader::decode(&negative),
            Err(FragmentError::InvalidObjectId(u64::MAX))
        );
        let bad_fid = frag(1, 1 << 63, false, true, b"");
        assert_eq!(
            FragmentHeader::decode(&bad_fid),
            Err(FragmentError::InvalidFragmentId(1 << 63))
        );
        let mut flags = frag(1, 0, true, true, b"");
        flags[16] = 0x13;
        assert_eq!(
            FragmentHeader::decode(&flags),
            Err(FragmentError::InvalidFlags(0x13))
        );
        // The documented control bit is tolerated.
        flags[16] = 0x07;
        assert!(FragmentHeader::decode(&flags).is_ok());
    }

    #[test]
    fn out_of_order_unknown_and_duplicate() {
        let mut d = Defragmenter::new(Limits::default());
        let mut s = frag(1, 0, true, false, b"a");
        s.extend(frag(1, 2, false, true, b"c"));
        assert_eq!(
            d.push(&s),
            Err(FragmentError::OutOfOrder {
                object_id: 1,
                expected: 1,
                got: 2
            })
        );
        // A failed stream stays failed.
        assert_eq!(
            d.push(&frag(5, 0, true, true, b"")),
            Err(FragmentError::Failed)
        );

        let mut d = Defragmenter::new(Limits::default());
        assert_eq!(
            d.push(&frag(7, 1, false, true, b"x")),
            Err(FragmentError::UnknownObject(7))
        );

        let mut d = Defragmenter::new(Limits::default());
        let mut s = frag(3, 0, true, false, b"a");
        s.extend(frag(3, 0, true, false, b"a"));
        assert_eq!(d.push(&s), Err(FragmentError::DuplicateStart(3)));

        let mut d = Defragmenter::new(Limits::default());
        assert_eq!(
            d.push(&frag(3, 4, true, true, b"a")),
            Err(FragmentError::StartNotFirst {
                object_id: 3,
                fragment_id: 4
            })
        );
    }

    #[test]
    fn limits_are_enforced() {
        let limits = Limits {
            max_message_size: 10,
            max_partial_objects: 2,
            max_partial_bytes: 15,
            ..Limits::default()
        };
        // A huge announced blob fails at once, without waiting for its bytes.
        let mut d = Defragmenter::new(limits);
        let mut header = Vec::new();
        FragmentHeader {
            object_id: 1,
            fragment_id: 0,
            start: true,
            end: true,
            blob_length: u32::MAX,
        }
        .encode(&mut header);
        assert_eq!(
            d.push(&header),
            Err(FragmentError::BlobTooLarge {
                length: u32::MAX as usize,
                limit: 10
            })
        );
        // A message growing past the limit across fragments.
        let mut d = Defragmenter::new(limits);
        let mut s = frag(1, 0, true, false, b"123456");
        s.extend(frag(1, 1, false, true, b"78901"));
        assert_eq!(
            d.push(&s),
            Err(FragmentError::MessageTooLarge {
                object_id: 1,
                limit: 10
            })
        );
        // Too many objects in flight.
        let mut d = Defragmenter::new(limits);
        let mut s = frag(1, 0, true, false, b"a");
        s.extend(frag(2, 0, true, false, b"b"));
        s.extend(frag(3, 0, true, false, b"c"));
        assert_eq!(
            d.push(&s),
            Err(FragmentError::TooManyPartials {
                objects: 2,
                bytes: 15
            })
        );
        // Too many bytes in flight.
        let mut d = Defragmenter::new(limits);
        let mut s = frag(1, 0, true, false, b"12345678");
        s.extend(frag(2, 0, true, false, b"12345678"));
        assert!(matches!(
            d.push(&s),
            Err(FragmentError::TooManyPartials { .. })
        ));
    }

    #[test]
    fn fragmenter_object_ids_stay_positive() {
        let mut f = Fragmenter::new(100);
        f.next_object_id = MAX_OBJECT_ID;
        assert_eq!(f.fragment(b"a")[0].header.object_id, MAX_OBJECT_ID);
        assert_eq!(f.fragment(b"a")[0].header.object_id, 1);
        // A fragment size smaller than the header still makes progress.
        let mut tiny = Fragmenter::new(5);
        assert_eq!(tiny.fragment(b"abc").len(), 3);
    }
}
