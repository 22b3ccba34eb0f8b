package transport

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net"

	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
)

// sourceHeader carries the gateway's source key to the gRPC server over the in-process
// connection. It is trusted only on that connection: a value sent from outside is ignored.
const sourceHeader = "x-meldpunt-source"

// sourceKeyer turns a network address into an opaque key for rate limiting, with a random key
// made at start and never stored: the address cannot be recovered from the key, not even from
// a memory dump after a restart, and it is never logged or written anywhere.
type sourceKeyer struct{ key []byte }

func newSourceKeyer() *sourceKeyer {
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	return &sourceKeyer{key: k}
}

// ofAddr returns the key of a "host:port" or "host" address.
func (s *sourceKeyer) ofAddr(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	// One IPv6 subscriber holds a whole /64: key by it, or a guesser gets endless fresh sources.
	if ip := net.ParseIP(host); ip != nil && ip.To4() == nil {
		host = ip.Mask(net.CIDRMask(64, 128)).String()
	}
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(host))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// of returns the source key of a gRPC call: from the gateway's header when the call came over the
// in-process connection, otherwise from the peer address.
func (s *sourceKeyer) of(ctx context.Context) string {
	p, ok := peer.FromContext(ctx)
	if !ok || p.Addr == nil {
		return "unknown"
	}
	if p.Addr.Network() == inprocNetwork {
		md, _ := metadata.FromIncomingContext(ctx)
		if v := md.Get(sourceHeader); len(v) == 1 && v[0] != "" {
			return v[0]
		}
		return "gateway"
	}
	return s.ofAddr(p.Addr.String())
}
