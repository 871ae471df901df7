package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// keyCache fetches ALB public keys (PEM) by key ID and keeps up to max of
// them. It is safe for concurrent use.
type keyCache struct {
	client *http.Client
	base   string
	max    int

	mu   sync.Mutex
	keys map[string]*ecdsa.PublicKey
}

func newKeyCache(client *http.Client, base string, max int) *keyCache {
	return &keyCache{client: client, base: base, max: max, keys: map[string]*ecdsa.PublicKey{}}
}

// get returns the key for kid, which the caller has validated.
func (c *keyCache) get(ctx context.Context, kid string) (*ecdsa.PublicKey, error) {
	c.mu.Lock()
	k, ok := c.keys[kid]
	c.mu.Unlock()
	if ok {
		return k, nil
	}
	k, err := c.fetch(ctx, kid)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.keys) >= c.max {
		clear(c.keys)
	}
	c.keys[kid] = k
	c.mu.Unlock()
	return k, nil
}

func (c *keyCache) fetch(ctx context.Context, kid string) (*ecdsa.PublicKey, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+kid, nil)
	if err != nil {
		return nil, fmt.Errorf("ALB key %s: %w", kid, err)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("ALB key %s: %w", kid, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("ALB key %s: %s", kid, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<10))
	if err != nil {
		return nil, fmt.Errorf("ALB key %s: %w", kid, err)
	}
	return parseECKey(body)
}

// parseECKey decodes a PEM "PUBLIC KEY" holding an ECDSA key.
func parseECKey(body []byte) (*ecdsa.PublicKey, error) {
	block, _ := pem.Decode(body)
	if block == nil {
		return nil, errors.New("ALB key: no PEM block")
	}
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("ALB key: %w", err)
	}
	k, ok := pub.(*ecdsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("ALB key: %T is not an ECDSA key", pub)
	}
	return k, nil
}
