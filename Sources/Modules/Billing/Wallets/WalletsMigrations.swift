import CRMCore
import Foundation

/// Schema of client wallets. Append only.
public enum WalletsMigrations {
    public static let all: [Migration] = [
        Migration(module: "wallets", number: 1, name: "client wallets and their ledger") { t in
            [
                // The balance a client keeps with the studio. The CHECK is the last guard; the
                // spending UPDATE itself is guarded (`balance_minor >= amount`), so racing
                // payments can never take it below zero.
                """
                CREATE TABLE client_wallets (
                    tenant_id \(t.uuid) NOT NULL,
                    client_id \(t.uuid) NOT NULL,
                    balance_minor \(t.bigint) NOT NULL CHECK (balance_minor >= 0),
                    currency TEXT NOT NULL,
                    updated_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, client_id),
                    FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
                )
                """,
                // Every change of a balance, signed, with the balance after it and what caused it.
                """
                CREATE TABLE wallet_entries (
                    tenant_id \(t.uuid) NOT NULL,
                    id \(t.uuid) NOT NULL,
                    client_id \(t.uuid) NOT NULL,
                    -- 1, 2, 3… per client: the ledger's order, exact even within one clock tick.
                    position \(t.bigint) NOT NULL,
                    kind TEXT NOT NULL,
                    amount_minor \(t.bigint) NOT NULL CHECK (amount_minor <> 0),
                    balance_after_minor \(t.bigint) NOT NULL CHECK (balance_after_minor >= 0),
                    currency TEXT NOT NULL,
                    payment_id \(t.uuid),
                    invoice_id \(t.uuid),
                    appointment_id \(t.uuid),
                    comment TEXT,
                    created_by \(t.uuid),
                    created_at \(t.timestamp) NOT NULL,
                    PRIMARY KEY (tenant_id, id),
                    FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
                )
                """,
                "CREATE UNIQUE INDEX wallet_entries_client_position_key ON wallet_entries (tenant_id, client_id, position)",
                "CREATE INDEX wallet_entries_client_time_idx ON wallet_entries (tenant_id, client_id, created_at, id)",
            ]
        }
    ]
}
