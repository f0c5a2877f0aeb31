# shellcheck shell=bash
# The cluster's certificates and kubeconfigs, made anew by every `up` (EC P-256 keys, one CA):
# the API server's serving certificate, one client certificate per component (its name is its
# identity for RBAC and the Node authorizer), and the service-account signing key.
# Sourced by cluster.sh, after lib.sh.

new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# A certificate signed by the cluster CA: name, subject, extendedKeyUsage, optional subjectAltName.
sign_cert() { # name subject usage [san]
  local name="$1" subject="$2" usage="$3" san="${4:-}" ext="$PKI/$1.ext"
  new_key "$PKI/$name.key"
  openssl req -new -key "$PKI/$name.key" -subj "$subject" -out "$PKI/$name.csr" 2>/dev/null
  {
    echo "keyUsage = critical, digitalSignature, keyEncipherment"
    echo "extendedKeyUsage = $usage"
    [[ -n "$san" ]] && echo "subjectAltName = $san"
  } >"$ext"
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 30 -sha256 -extfile "$ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr" "$ext"
}

write_kubeconfig() { # name (its client certificate is $PKI/name.crt)
  local name="$1"
  cat >"$PKI/$name.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: ticketing
    cluster:
      server: https://$NODE_IP:6443
      certificate-authority: $PKI/ca.crt
users:
  - name: $name
    user:
      client-certificate: $PKI/$name.crt
      client-key: $PKI/$name.key
contexts:
  - name: ticketing
    context: { cluster: ticketing, user: $name }
current-context: ticketing
EOF
}

make_pki() {
  mkdir -p "$PKI"
  chmod 700 "$PKI"
  new_key "$PKI/ca.key"
  openssl req -x509 -new -key "$PKI/ca.key" -subj "/CN=ticketing-cluster-ca" -days 30 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$PKI/ca.crt" 2>/dev/null
  sign_cert apiserver "/CN=kube-apiserver" serverAuth \
    "IP:$NODE_IP,IP:$KUBERNETES_SERVICE_IP,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  sign_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
  sign_cert admin "/O=system:masters/CN=ticketing-admin" clientAuth
  sign_cert controller-manager "/CN=system:kube-controller-manager" clientAuth
  sign_cert scheduler "/CN=system:kube-scheduler" clientAuth
  sign_cert kubelet "/O=system:nodes/CN=system:node:$NODE_NAME" clientAuth
  sign_cert kube-proxy "/CN=system:kube-proxy" clientAuth
  sign_cert coredns "/CN=ticketing:coredns" clientAuth
  local component
  for component in admin controller-manager scheduler kubelet kube-proxy coredns; do
    write_kubeconfig "$component"
  done
  new_key "$PKI/service-account.key"
  openssl pkey -in "$PKI/service-account.key" -pubout -out "$PKI/service-account.pub" 2>/dev/null
}
