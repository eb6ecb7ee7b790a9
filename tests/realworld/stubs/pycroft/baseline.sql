-- Pycroft's first revision (4784a128a6dd) is empty: its databases were made
-- by the application's metadata.create_all() and then stamped. This is the
-- schema that create_all() made at the parent of the commit adding the next
-- revision (4e7eb2d1e44e, 9d11ef9e^), dumped with pg_dump --schema-only
-- (made in public: Pycroft deploys with search_path=pycroft,public and its
-- migrations name no schema). One change: radusergroup's "UserName" is
-- mac::text and its "NASPortId" varchar, as the application's view was by
-- 55e9f0d9b5f4 (2023), whose CREATE OR REPLACE VIEW cannot change a view
-- column's type (macaddr, varchar(64) in the 2018 view); Pycroft keeps its
-- views outside the migrations (env.py leaves out is_view objects).
SET check_function_bodies = false;

CREATE TYPE public.account_type AS ENUM (
    'ASSET',
    'USER_ASSET',
    'BANK_ASSET',
    'LIABILITY',
    'EXPENSE',
    'REVENUE'
);

CREATE TYPE public.traffic_direction AS ENUM (
    'Ingress',
    'Egress'
);

CREATE FUNCTION public.account_is_type(integer, public.account_type) RETURNS boolean
    LANGUAGE sql STABLE STRICT
    AS $_$
SELECT type = $2 FROM account WHERE id = $1 
$_$;

CREATE FUNCTION public.bank_account_activity_matches_referenced_split() RETURNS trigger
    LANGUAGE plpgsql STABLE STRICT
    AS $$
DECLARE
  v_activity bank_account_activity;
  v_bank_account_account_id integer;
  v_split split;
BEGIN
  v_activity := COALESCE(NEW, OLD);
  SELECT bank_account.account_id INTO v_bank_account_account_id FROM bank_account
      WHERE bank_account.id = v_activity.bank_account_id;
  SELECT * INTO v_split FROM split
      WHERE split.transaction_id = v_activity.transaction_id
      AND split.account_id = v_activity.account_id;
  IF v_bank_account_account_id <> v_activity.account_id THEN
    RAISE EXCEPTION 'bank_account_activity %: account_id of referenced bank_account %  is different (% <> %)',
        v_activity.id, v_activity.bank_account_id, v_activity.account_id, v_bank_account_account_id
        USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF v_split IS NOT NULL AND v_split.amount <> v_activity.amount THEN
    RAISE EXCEPTION 'bank_account_activity %: amount of referenced split % is different (% <> %)',
        v_activity.id, v_split.id, v_activity.amount, v_split.amount
        USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION public.evaluate_properties(evaluation_time timestamp with time zone) RETURNS TABLE(user_id integer, property_name character varying, denied boolean)
    LANGUAGE sql STABLE
    AS $$
SELECT "user".id AS user_id, property.name AS property_name, false AS denied 
FROM membership JOIN ("group" JOIN property_group ON "group".id = property_group.id) ON "group".id = membership.group_id JOIN "user" ON "user".id = membership.user_id JOIN property ON property_group.id = property.property_group_id 
WHERE (membership.begins_at IS NULL OR membership.begins_at <= evaluation_time) AND (membership.ends_at IS NULL OR evaluation_time <= membership.ends_at) GROUP BY "user".id, property.name 
HAVING every(property.granted) UNION SELECT "user".id AS user_id, property.name AS property_name, true AS denied 
FROM membership JOIN ("group" JOIN property_group ON "group".id = property_group.id) ON "group".id = membership.group_id JOIN "user" ON "user".id = membership.user_id JOIN property ON property_group.id = property.property_group_id 
WHERE (membership.begins_at IS NULL OR membership.begins_at <= evaluation_time) AND (membership.ends_at IS NULL OR evaluation_time <= membership.ends_at) GROUP BY "user".id, property.name 
HAVING bool_or(property.granted) AND NOT every(property.granted)
$$;

CREATE FUNCTION public.pmacct_traffic_egress_insert() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO traffic_volume (type, ip_id, "timestamp", amount, packets, user_id)
    SELECT
        'Egress',
        ip.id,
        date_trunc('day', NEW.stamp_inserted),
        NEW.bytes,
        NEW.packets,
        host.owner_id
    FROM ip
    JOIN interface ON ip.interface_id = interface.id
    JOIN host ON interface.host_id = host.id
    WHERE NEW.ip_src = ip.address
    ON CONFLICT (ip_id, type, "timestamp")
    DO UPDATE SET (amount, packets) = (traffic_volume.amount + NEW.bytes,
                                                 traffic_volume.packets + NEW.packets);
RETURN NULL;
END;
$$;

CREATE FUNCTION public.pmacct_traffic_ingress_insert() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO traffic_volume (type, ip_id, "timestamp", amount, packets, user_id)
    SELECT
        'Ingress',
        ip.id,
        date_trunc('day', NEW.stamp_inserted),
        NEW.bytes,
        NEW.packets,
        host.owner_id
    FROM ip
    JOIN interface ON ip.interface_id = interface.id
    JOIN host ON interface.host_id = host.id
    WHERE NEW.ip_dst = ip.address
    ON CONFLICT (ip_id, type, "timestamp")
    DO UPDATE SET (amount, packets) = (traffic_volume.amount + NEW.bytes,
                                                 traffic_volume.packets + NEW.packets);
RETURN NULL;
END;
$$;

CREATE FUNCTION public.split_check_transaction_balanced() RETURNS trigger
    LANGUAGE plpgsql STABLE STRICT
    AS $$
DECLARE
  s split;
  count integer;
  balance integer;
BEGIN
  s := COALESCE(NEW, OLD);
  SELECT COUNT(*), SUM(amount) INTO STRICT count, balance FROM split
      WHERE transaction_id = s.transaction_id;
  IF count < 2 THEN
    RAISE EXCEPTION 'transaction % has less than two splits',
    s.transaction_id
    USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF balance <> 0 THEN
    RAISE EXCEPTION 'transaction % not balanced',
        s.transaction_id
        USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION public.traffic_history(arg_user_id integer, arg_start timestamp with time zone, arg_interval interval, arg_step interval) RETURNS TABLE("timestamp" timestamp with time zone, credit numeric, ingress numeric, egress numeric, balance numeric)
    LANGUAGE sql STABLE
    AS $$
WITH balance AS 
(SELECT traffic_balance.amount AS amount, traffic_balance.timestamp AS timestamp 
FROM "user" LEFT OUTER JOIN traffic_balance ON "user".id = traffic_balance.user_id 
WHERE "user".id = arg_user_id), 
traffic_events AS 
(SELECT traffic_credit.amount AS amount, traffic_credit.timestamp AS timestamp, 'Credit' AS type 
FROM traffic_credit 
WHERE traffic_credit.user_id = arg_user_id UNION ALL SELECT -traffic_volume.amount AS amount, traffic_volume.timestamp AS timestamp, CAST(traffic_volume.type AS TEXT) AS type 
FROM traffic_volume 
WHERE traffic_volume.user_id = arg_user_id), 
buckets AS 
(SELECT bucket, row_number() OVER (ORDER BY bucket) - 1 AS index 
FROM generate_series(CAST(to_timestamp(trunc(EXTRACT(epoch FROM CAST(arg_start AS TIMESTAMP WITH TIME ZONE)) / EXTRACT(epoch FROM arg_step)) * EXTRACT(epoch FROM arg_step)) AS TIMESTAMP WITH TIME ZONE) - arg_step, CAST(to_timestamp(trunc(EXTRACT(epoch FROM CAST(arg_start AS TIMESTAMP WITH TIME ZONE) + arg_interval) / EXTRACT(epoch FROM arg_step)) * EXTRACT(epoch FROM arg_step)) AS TIMESTAMP WITH TIME ZONE), arg_step) AS bucket ORDER BY bucket), 
traffic_hist AS 
(SELECT buckets.bucket, sum(CASE WHEN (traffic_events.type = 'Credit') THEN traffic_events.amount END) AS credit, sum(CASE WHEN (traffic_events.type = 'Ingress') THEN -traffic_events.amount END) AS ingress, sum(CASE WHEN (traffic_events.type = 'Egress') THEN -traffic_events.amount END) AS egress, sum(traffic_events.amount) AS amount, sum(CASE WHEN ((SELECT balance.timestamp 
FROM balance) IS NOT NULL AND traffic_events.timestamp < (SELECT balance.timestamp 
FROM balance)) THEN traffic_events.amount END) AS before_balance, sum(CASE WHEN ((SELECT balance.timestamp 
FROM balance) IS NULL OR traffic_events.timestamp >= (SELECT balance.timestamp 
FROM balance)) THEN traffic_events.amount END) AS after_balance 
FROM buckets LEFT OUTER JOIN traffic_events ON width_bucket(traffic_events.timestamp, (SELECT array((SELECT buckets.bucket 
FROM buckets 
WHERE buckets.index != 0)) AS array_1)) = buckets.index 
WHERE buckets.index < (SELECT max(buckets.index) AS max_1 
FROM buckets) GROUP BY buckets.bucket ORDER BY buckets.bucket)
 SELECT agg_hist.bucket, agg_hist.credit, agg_hist.ingress, agg_hist.egress, agg_hist.balance 
FROM (SELECT traffic_hist.bucket, traffic_hist.credit AS credit, traffic_hist.ingress AS ingress, traffic_hist.egress AS egress, CASE WHEN ((SELECT balance.timestamp 
FROM balance) IS NOT NULL AND traffic_hist.bucket < (SELECT balance.timestamp 
FROM balance) AND ((SELECT min(traffic_events.timestamp) AS min_1 
FROM traffic_events) IS NULL OR traffic_hist.bucket < (SELECT min(traffic_events.timestamp) AS min_1 
FROM traffic_events))) THEN NULL WHEN ((SELECT balance.timestamp 
FROM balance) IS NULL OR traffic_hist.bucket >= (SELECT balance.timestamp 
FROM balance)) THEN coalesce((SELECT balance.amount 
FROM balance), 0) + coalesce(sum(traffic_hist.after_balance) OVER (ORDER BY traffic_hist.bucket ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), 0) ELSE (coalesce((SELECT balance.amount 
FROM balance), 0) + coalesce(traffic_hist.after_balance, 0)) - coalesce(sum(traffic_hist.before_balance) OVER (ORDER BY traffic_hist.bucket DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) END AS balance 
FROM traffic_hist) AS agg_hist ORDER BY agg_hist.bucket
 LIMIT ALL OFFSET 1
$$;

CREATE TABLE public.account (
    id integer NOT NULL,
    name character varying(127) NOT NULL,
    type public.account_type NOT NULL
);

CREATE SEQUENCE public.account_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.account_id_seq OWNED BY public.account.id;

CREATE VIEW public.current_property AS
 SELECT evaluate_properties.user_id,
    evaluate_properties.property_name,
    evaluate_properties.denied
   FROM public.evaluate_properties(CURRENT_TIMESTAMP) evaluate_properties(user_id, property_name, denied);

CREATE TABLE public.host (
    id integer NOT NULL,
    owner_id integer,
    room_id integer
);

CREATE TABLE public.interface (
    id integer NOT NULL,
    mac macaddr NOT NULL,
    host_id integer NOT NULL
);

CREATE TABLE public.ip (
    id integer NOT NULL,
    address inet NOT NULL,
    interface_id integer NOT NULL,
    subnet_id integer NOT NULL
);

CREATE TABLE public."user" (
    id integer NOT NULL,
    login character varying(40) NOT NULL,
    name character varying(255) NOT NULL,
    registered_at timestamp with time zone NOT NULL,
    passwd_hash character varying,
    email character varying(255),
    birthdate date,
    account_id integer NOT NULL,
    unix_account_id integer,
    room_id integer
);

CREATE VIEW public.alternative_dns AS
 SELECT host(ip.address) AS "IpAddress"
   FROM (((((public."user"
     JOIN public.host ON (("user".id = host.owner_id)))
     JOIN public.interface ON ((host.id = interface.host_id)))
     JOIN public.ip ON ((interface.id = ip.interface_id)))
     JOIN public.current_property ON (((current_property.user_id = "user".id) AND (NOT current_property.denied) AND ((current_property.property_name)::text = 'network_access'::text))))
     JOIN public.current_property current_property_1 ON (((current_property_1.user_id = "user".id) AND (NOT current_property.denied) AND ((current_property_1.property_name)::text = 'cache_access'::text))));

CREATE TABLE public.bank_account (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    bank character varying(255) NOT NULL,
    account_number character varying(10) NOT NULL,
    routing_number character varying(8) NOT NULL,
    iban character varying(34) NOT NULL,
    bic character varying(11) NOT NULL,
    fints_endpoint character varying NOT NULL,
    account_id integer NOT NULL,
    CONSTRAINT bank_account_account_type_check CHECK (public.account_is_type(account_id, 'BANK_ASSET'::public.account_type))
);

CREATE TABLE public.bank_account_activity (
    id integer NOT NULL,
    bank_account_id integer NOT NULL,
    amount integer NOT NULL,
    reference text NOT NULL,
    original_reference text NOT NULL,
    other_account_number character varying(255) NOT NULL,
    other_routing_number character varying(255) NOT NULL,
    other_name character varying(255) NOT NULL,
    imported_at timestamp with time zone NOT NULL,
    posted_on date NOT NULL,
    valid_on date NOT NULL,
    transaction_id integer,
    account_id integer
);

CREATE SEQUENCE public.bank_account_activity_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.bank_account_activity_id_seq OWNED BY public.bank_account_activity.id;

CREATE SEQUENCE public.bank_account_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.bank_account_id_seq OWNED BY public.bank_account.id;

CREATE TABLE public.building (
    id integer NOT NULL,
    site_id integer NOT NULL,
    number character varying NOT NULL,
    short_name character varying NOT NULL,
    street character varying NOT NULL,
    default_traffic_group_id integer
);

CREATE SEQUENCE public.building_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.building_id_seq OWNED BY public.building.id;

CREATE TABLE public.config (
    id integer NOT NULL,
    member_group_id integer NOT NULL,
    network_access_group_id integer NOT NULL,
    violation_group_id integer NOT NULL,
    external_group_id integer NOT NULL,
    cache_group_id integer NOT NULL,
    traffic_limit_exceeded_group_id integer NOT NULL,
    payment_in_default_group_id integer NOT NULL,
    membership_fee_account_id integer NOT NULL,
    CONSTRAINT config_id_check CHECK ((id = 1))
);

CREATE SEQUENCE public.config_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.config_id_seq OWNED BY public.config.id;

CREATE TABLE public.traffic_balance (
    user_id integer NOT NULL,
    amount bigint NOT NULL,
    "timestamp" timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.traffic_credit (
    id integer NOT NULL,
    "timestamp" timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    amount bigint NOT NULL,
    user_id integer NOT NULL,
    CONSTRAINT traffic_credit_amount_check CHECK ((amount >= 0))
);

CREATE TABLE public.traffic_volume (
    "timestamp" timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    amount bigint NOT NULL,
    type public.traffic_direction NOT NULL,
    ip_id integer NOT NULL,
    user_id integer,
    packets integer NOT NULL,
    CONSTRAINT traffic_volume_amount_check CHECK ((amount >= 0)),
    CONSTRAINT traffic_volume_packets_check CHECK ((packets >= 0))
);

CREATE VIEW public.current_traffic_balance AS
 SELECT "user".id AS user_id,
    (((COALESCE(traffic_balance.amount, (0)::bigint))::numeric + COALESCE(recent_credit.amount, (0)::numeric)) - COALESCE(recent_volume.amount, (0)::numeric)) AS amount
   FROM (((public."user"
     LEFT JOIN public.traffic_balance ON (("user".id = traffic_balance.user_id)))
     LEFT JOIN LATERAL ( SELECT sum(traffic_credit.amount) AS amount
           FROM public.traffic_credit
          WHERE (("user".id = traffic_credit.user_id) AND ((traffic_balance.user_id IS NULL) OR (traffic_balance."timestamp" <= traffic_credit."timestamp")))) recent_credit ON (true))
     LEFT JOIN LATERAL ( SELECT sum(traffic_volume.amount) AS amount
           FROM public.traffic_volume
          WHERE (("user".id = traffic_volume.user_id) AND ((traffic_balance.user_id IS NULL) OR (traffic_balance."timestamp" <= traffic_volume."timestamp")))) recent_volume ON (true));

CREATE VIEW public.dhcphost AS
 SELECT interface.mac AS "Mac",
    host(ip.address) AS "IpAddress"
   FROM ((((public."user"
     JOIN public.current_property ON ((("user".id = current_property.user_id) AND (NOT current_property.denied))))
     JOIN public.host ON (("user".id = host.owner_id)))
     JOIN public.interface ON ((host.id = interface.host_id)))
     JOIN public.ip ON ((interface.id = ip.interface_id)))
  WHERE ((current_property.property_name)::text = 'network_access'::text);

CREATE TABLE public."group" (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    type character varying(17) NOT NULL
);

CREATE SEQUENCE public.group_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.group_id_seq OWNED BY public."group".id;

CREATE SEQUENCE public.host_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.host_id_seq OWNED BY public.host.id;

CREATE SEQUENCE public.interface_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.interface_id_seq OWNED BY public.interface.id;

CREATE SEQUENCE public.ip_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.ip_id_seq OWNED BY public.ip.id;

CREATE TABLE public.log_entry (
    id integer NOT NULL,
    type character varying(50),
    message text NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    author_id integer
);

CREATE SEQUENCE public.log_entry_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.log_entry_id_seq OWNED BY public.log_entry.id;

CREATE TABLE public.membership (
    id integer NOT NULL,
    begins_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
    ends_at timestamp with time zone,
    group_id integer NOT NULL,
    user_id integer NOT NULL
);

CREATE TABLE public.membership_fee (
    id integer NOT NULL,
    name character varying NOT NULL,
    regular_fee integer NOT NULL,
    grace_period interval NOT NULL,
    payment_deadline interval NOT NULL,
    payment_deadline_final interval NOT NULL,
    begins_on date NOT NULL,
    ends_on date NOT NULL,
    CONSTRAINT membership_fee_check CHECK ((begins_on < ends_on)),
    CONSTRAINT membership_fee_regular_fee_check CHECK ((regular_fee >= 0))
);

CREATE SEQUENCE public.membership_fee_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.membership_fee_id_seq OWNED BY public.membership_fee.id;

CREATE SEQUENCE public.membership_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.membership_id_seq OWNED BY public.membership.id;

CREATE TABLE public.nas (
    "Id" integer NOT NULL,
    "NASName" character varying(128) NOT NULL,
    "ShortName" character varying(32) NOT NULL,
    "Type" character varying(30) NOT NULL,
    "Ports" integer,
    "Secret" character varying(60) NOT NULL,
    "Server" character varying(64),
    "Community" character varying(50),
    "Description" character varying(200)
);

CREATE SEQUENCE public."nas_Id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public."nas_Id_seq" OWNED BY public.nas."Id";

CREATE TABLE public.patch_port (
    id integer NOT NULL,
    room_id integer NOT NULL,
    name character varying(8) NOT NULL,
    switch_port_id integer
);

CREATE SEQUENCE public.patch_port_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.patch_port_id_seq OWNED BY public.patch_port.id;

CREATE VIEW public.pmacct_traffic_egress AS
 SELECT traffic_volume.packets,
    traffic_volume.amount AS bytes,
    traffic_volume."timestamp" AS stamp_inserted,
    traffic_volume."timestamp" AS stamp_updated,
    ip.address AS ip_src
   FROM (public.traffic_volume
     JOIN public.ip ON ((ip.id = traffic_volume.ip_id)))
  WHERE (traffic_volume.type = 'Egress'::public.traffic_direction);

CREATE VIEW public.pmacct_traffic_ingress AS
 SELECT traffic_volume.packets,
    traffic_volume.amount AS bytes,
    traffic_volume."timestamp" AS stamp_inserted,
    traffic_volume."timestamp" AS stamp_updated,
    ip.address AS ip_dst
   FROM (public.traffic_volume
     JOIN public.ip ON ((ip.id = traffic_volume.ip_id)))
  WHERE (traffic_volume.type = 'Ingress'::public.traffic_direction);

CREATE TABLE public.property (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    granted boolean NOT NULL,
    property_group_id integer NOT NULL
);

CREATE TABLE public.property_group (
    id integer NOT NULL
);

CREATE SEQUENCE public.property_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.property_id_seq OWNED BY public.property.id;

CREATE TABLE public.room (
    id integer NOT NULL,
    number character varying NOT NULL,
    level integer NOT NULL,
    inhabitable boolean NOT NULL,
    building_id integer NOT NULL
);

CREATE TABLE public.switch (
    host_id integer NOT NULL,
    name character varying(127) NOT NULL,
    management_ip inet NOT NULL
);

CREATE TABLE public.switch_port (
    id integer NOT NULL,
    switch_id integer NOT NULL,
    name character varying(64) NOT NULL
);

CREATE VIEW public.radcheck AS
 SELECT (interface.mac)::text AS "UserName",
    host(switch.management_ip) AS "NASIPAddress",
    switch_port.name AS "NASPortId",
    'User-Name'::text AS "Attribute",
    '=*'::text AS "Op",
    NULL::text AS "Value",
    10 AS "Priority"
   FROM (((((public.interface
     JOIN public.host ON ((host.id = interface.host_id)))
     JOIN public.room ON ((room.id = host.room_id)))
     JOIN public.patch_port ON (((patch_port.room_id = room.id) AND (patch_port.switch_port_id IS NOT NULL))))
     JOIN public.switch_port ON ((switch_port.id = patch_port.switch_port_id)))
     JOIN public.switch ON ((switch.host_id = switch_port.switch_id)));

CREATE VIEW public.radgroupcheck AS
 SELECT 'unknown'::text AS "GroupName",
    'Auth-Type'::text AS "Attribute",
    ':='::text AS "Op",
    'Accept'::text AS "Value",
    10 AS "Priority";

CREATE TABLE public.radgroupreply_base (
    "GroupName" character varying NOT NULL,
    "Attribute" character varying NOT NULL,
    "Op" character varying NOT NULL,
    "Value" character varying NOT NULL
);

CREATE TABLE public.radius_property (
    property character varying NOT NULL
);

CREATE TABLE public.vlan (
    id integer NOT NULL,
    name character varying(127) NOT NULL,
    vid integer NOT NULL,
    CONSTRAINT vlan_vid_check CHECK (((vid >= 1) AND (vid <= 4094)))
);

CREATE VIEW public.radgroupreply AS
 SELECT radgroupreply_base."GroupName",
    radgroupreply_base."Attribute",
    radgroupreply_base."Op",
    radgroupreply_base."Value"
   FROM public.radgroupreply_base
UNION ALL
 SELECT ((vlan.name)::text || '_untagged'::text) AS "GroupName",
    'Egress-VLAN-Name'::character varying AS "Attribute",
    '+='::character varying AS "Op",
    ('2'::text || (vlan.name)::text) AS "Value"
   FROM public.vlan
UNION ALL
 SELECT ((vlan.name)::text || '_tagged'::text) AS "GroupName",
    'Egress-VLAN-Name'::character varying AS "Attribute",
    '+='::character varying AS "Op",
    ('1'::text || (vlan.name)::text) AS "Value"
   FROM public.vlan
UNION ALL
 SELECT ((vlan.name)::text || '_untagged'::text) AS "GroupName",
    'Fall-Through'::character varying AS "Attribute",
    ':='::character varying AS "Op",
    'Yes'::character varying AS "Value"
   FROM public.vlan
UNION ALL
 SELECT ((vlan.name)::text || '_tagged'::text) AS "GroupName",
    'Fall-Through'::character varying AS "Attribute",
    ':='::character varying AS "Op",
    'Yes'::character varying AS "Value"
   FROM public.vlan
UNION ALL
 SELECT radius_property.property AS "GroupName",
    'Egress-VLAN-Name'::character varying AS "Attribute",
    ':='::character varying AS "Op",
    '2hades-unauth'::character varying AS "Value"
   FROM public.radius_property
UNION ALL
 SELECT radius_property.property AS "GroupName",
    'Fall-Through'::character varying AS "Attribute",
    ':='::character varying AS "Op",
    'No'::character varying AS "Value"
   FROM public.radius_property
UNION ALL
 SELECT 'no_network_access'::character varying AS "GroupName",
    'Egress-VLAN-Name'::character varying AS "Attribute",
    ':='::character varying AS "Op",
    '2hades-unauth'::character varying AS "Value"
UNION ALL
 SELECT 'no_network_access'::character varying AS "GroupName",
    'Fall-Through'::character varying AS "Attribute",
    ':='::character varying AS "Op",
    'No'::character varying AS "Value";

CREATE TABLE public.radreply (
    "Priority" integer NOT NULL,
    "UserName" character varying(64) NOT NULL,
    "NASIPAddress" character varying(15) NOT NULL,
    "NASPortId" character varying(50) NOT NULL,
    "Attribute" character varying(64) NOT NULL,
    "Op" character varying(2) NOT NULL,
    "Value" character varying(253) NOT NULL
);

CREATE TABLE public.subnet (
    id integer NOT NULL,
    address inet NOT NULL,
    gateway inet,
    reserved_addresses integer,
    description character varying(50),
    vlan_id integer NOT NULL,
    CONSTRAINT subnet_check CHECK ((gateway << address))
);

CREATE VIEW public.radusergroup AS
 SELECT (interface.mac)::text AS "UserName",
    host(switch.management_ip) AS "NASIPAddress",
    (switch_port.name)::character varying AS "NASPortId",
    ((vlan.name)::text || '_untagged'::text) AS "GroupName",
    20 AS "Priority"
   FROM ((((((((((public."user"
     JOIN public.host ON (("user".id = host.owner_id)))
     JOIN public.interface ON ((host.id = interface.host_id)))
     JOIN public.room ON ((room.id = host.room_id)))
     JOIN public.patch_port ON (((patch_port.room_id = room.id) AND (patch_port.switch_port_id IS NOT NULL))))
     JOIN public.switch_port ON ((switch_port.id = patch_port.switch_port_id)))
     JOIN public.switch ON ((switch.host_id = switch_port.switch_id)))
     JOIN public.ip ON ((interface.id = ip.interface_id)))
     JOIN public.subnet ON ((subnet.id = ip.subnet_id)))
     JOIN public.vlan ON ((vlan.id = subnet.vlan_id)))
     JOIN public.current_property ON ((("user".id = current_property.user_id) AND (NOT current_property.denied))))
  WHERE ((current_property.property_name)::text = 'network_access'::text)
UNION ALL
 SELECT (interface.mac)::text AS "UserName",
    host(switch.management_ip) AS "NASIPAddress",
    (switch_port.name)::character varying AS "NASPortId",
    radius_property.property AS "GroupName",
    '-10'::integer AS "Priority"
   FROM ((((((((public."user"
     JOIN public.host ON (("user".id = host.owner_id)))
     JOIN public.interface ON ((host.id = interface.host_id)))
     JOIN public.room ON ((room.id = host.room_id)))
     JOIN public.patch_port ON (((patch_port.room_id = room.id) AND (patch_port.switch_port_id IS NOT NULL))))
     JOIN public.switch_port ON ((switch_port.id = patch_port.switch_port_id)))
     JOIN public.switch ON ((switch.host_id = switch_port.switch_id)))
     JOIN public.current_property ON ((("user".id = current_property.user_id) AND (NOT current_property.denied))))
     JOIN public.radius_property ON (((radius_property.property)::text = (current_property.property_name)::text)))
UNION ALL
 SELECT (interface.mac)::text AS "UserName",
    host(switch.management_ip) AS "NASIPAddress",
    (switch_port.name)::character varying AS "NASPortId",
    'no_network_access'::text AS "GroupName",
    0 AS "Priority"
   FROM (((((((public."user"
     LEFT JOIN ( SELECT current_property.user_id,
            1 AS network_access
           FROM public.current_property
          WHERE (((current_property.property_name)::text = 'network_access'::text) AND (NOT current_property.denied))) users_with_network_access ON (("user".id = users_with_network_access.user_id)))
     JOIN public.host ON (("user".id = host.owner_id)))
     JOIN public.interface ON ((host.id = interface.host_id)))
     JOIN public.room ON ((room.id = host.room_id)))
     JOIN public.patch_port ON (((patch_port.room_id = room.id) AND (patch_port.switch_port_id IS NOT NULL))))
     JOIN public.switch_port ON ((switch_port.id = patch_port.switch_port_id)))
     JOIN public.switch ON ((switch.host_id = switch_port.switch_id)))
  WHERE (users_with_network_access.network_access IS NULL);

CREATE SEQUENCE public.room_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.room_id_seq OWNED BY public.room.id;

CREATE TABLE public.room_log_entry (
    id integer NOT NULL,
    room_id integer NOT NULL
);

CREATE TABLE public.semester (
    id integer NOT NULL,
    name character varying NOT NULL,
    registration_fee integer NOT NULL,
    regular_semester_fee integer NOT NULL,
    reduced_semester_fee integer NOT NULL,
    late_fee integer NOT NULL,
    grace_period interval NOT NULL,
    reduced_semester_fee_threshold interval NOT NULL,
    payment_deadline interval NOT NULL,
    allowed_overdraft integer NOT NULL,
    begins_on date NOT NULL,
    ends_on date NOT NULL,
    CONSTRAINT semester_allowed_overdraft_check CHECK ((allowed_overdraft >= 0)),
    CONSTRAINT semester_check CHECK ((begins_on < ends_on)),
    CONSTRAINT semester_late_fee_check CHECK ((late_fee >= 0)),
    CONSTRAINT semester_reduced_semester_fee_check CHECK ((reduced_semester_fee >= 0)),
    CONSTRAINT semester_registration_fee_check CHECK ((registration_fee >= 0)),
    CONSTRAINT semester_regular_semester_fee_check CHECK ((regular_semester_fee >= 0))
);

CREATE SEQUENCE public.semester_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.semester_id_seq OWNED BY public.semester.id;

CREATE TABLE public.site (
    id integer NOT NULL,
    name character varying NOT NULL
);

CREATE SEQUENCE public.site_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.site_id_seq OWNED BY public.site.id;

CREATE TABLE public.split (
    id integer NOT NULL,
    amount integer NOT NULL,
    account_id integer NOT NULL,
    transaction_id integer NOT NULL
);

CREATE SEQUENCE public.split_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.split_id_seq OWNED BY public.split.id;

CREATE SEQUENCE public.subnet_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.subnet_id_seq OWNED BY public.subnet.id;

CREATE TABLE public.switch_port_default_vlans (
    switch_port_id integer,
    vlan_id integer
);

CREATE SEQUENCE public.switch_port_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.switch_port_id_seq OWNED BY public.switch_port.id;

CREATE SEQUENCE public.traffic_credit_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.traffic_credit_id_seq OWNED BY public.traffic_credit.id;

CREATE TABLE public.traffic_group (
    id integer NOT NULL,
    credit_limit bigint NOT NULL,
    credit_interval interval NOT NULL,
    credit_amount bigint NOT NULL,
    initial_credit_amount bigint NOT NULL
);

CREATE TABLE public.transaction (
    id integer NOT NULL,
    description text NOT NULL,
    author_id integer,
    posted_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    valid_on date DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE SEQUENCE public.transaction_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.transaction_id_seq OWNED BY public.transaction.id;

CREATE SEQUENCE public.unix_account_uid_seq
    START WITH 1000
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

CREATE TABLE public.unix_account (
    id integer NOT NULL,
    uid integer DEFAULT nextval('public.unix_account_uid_seq'::regclass) NOT NULL,
    gid integer NOT NULL,
    login_shell character varying NOT NULL,
    home_directory character varying NOT NULL
);

CREATE SEQUENCE public.unix_account_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.unix_account_id_seq OWNED BY public.unix_account.id;

CREATE SEQUENCE public.user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.user_id_seq OWNED BY public."user".id;

CREATE TABLE public.user_log_entry (
    id integer NOT NULL,
    user_id integer NOT NULL
);

CREATE SEQUENCE public.vlan_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.vlan_id_seq OWNED BY public.vlan.id;

CREATE TABLE public.web_storage (
    id integer NOT NULL,
    data text NOT NULL,
    expiry timestamp with time zone NOT NULL
);

CREATE SEQUENCE public.web_storage_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.web_storage_id_seq OWNED BY public.web_storage.id;

ALTER TABLE ONLY public.account ALTER COLUMN id SET DEFAULT nextval('public.account_id_seq'::regclass);

ALTER TABLE ONLY public.bank_account ALTER COLUMN id SET DEFAULT nextval('public.bank_account_id_seq'::regclass);

ALTER TABLE ONLY public.bank_account_activity ALTER COLUMN id SET DEFAULT nextval('public.bank_account_activity_id_seq'::regclass);

ALTER TABLE ONLY public.building ALTER COLUMN id SET DEFAULT nextval('public.building_id_seq'::regclass);

ALTER TABLE ONLY public.config ALTER COLUMN id SET DEFAULT nextval('public.config_id_seq'::regclass);

ALTER TABLE ONLY public."group" ALTER COLUMN id SET DEFAULT nextval('public.group_id_seq'::regclass);

ALTER TABLE ONLY public.host ALTER COLUMN id SET DEFAULT nextval('public.host_id_seq'::regclass);

ALTER TABLE ONLY public.interface ALTER COLUMN id SET DEFAULT nextval('public.interface_id_seq'::regclass);

ALTER TABLE ONLY public.ip ALTER COLUMN id SET DEFAULT nextval('public.ip_id_seq'::regclass);

ALTER TABLE ONLY public.log_entry ALTER COLUMN id SET DEFAULT nextval('public.log_entry_id_seq'::regclass);

ALTER TABLE ONLY public.membership ALTER COLUMN id SET DEFAULT nextval('public.membership_id_seq'::regclass);

ALTER TABLE ONLY public.membership_fee ALTER COLUMN id SET DEFAULT nextval('public.membership_fee_id_seq'::regclass);

ALTER TABLE ONLY public.nas ALTER COLUMN "Id" SET DEFAULT nextval('public."nas_Id_seq"'::regclass);

ALTER TABLE ONLY public.patch_port ALTER COLUMN id SET DEFAULT nextval('public.patch_port_id_seq'::regclass);

ALTER TABLE ONLY public.property ALTER COLUMN id SET DEFAULT nextval('public.property_id_seq'::regclass);

ALTER TABLE ONLY public.room ALTER COLUMN id SET DEFAULT nextval('public.room_id_seq'::regclass);

ALTER TABLE ONLY public.semester ALTER COLUMN id SET DEFAULT nextval('public.semester_id_seq'::regclass);

ALTER TABLE ONLY public.site ALTER COLUMN id SET DEFAULT nextval('public.site_id_seq'::regclass);

ALTER TABLE ONLY public.split ALTER COLUMN id SET DEFAULT nextval('public.split_id_seq'::regclass);

ALTER TABLE ONLY public.subnet ALTER COLUMN id SET DEFAULT nextval('public.subnet_id_seq'::regclass);

ALTER TABLE ONLY public.switch_port ALTER COLUMN id SET DEFAULT nextval('public.switch_port_id_seq'::regclass);

ALTER TABLE ONLY public.traffic_credit ALTER COLUMN id SET DEFAULT nextval('public.traffic_credit_id_seq'::regclass);

ALTER TABLE ONLY public.transaction ALTER COLUMN id SET DEFAULT nextval('public.transaction_id_seq'::regclass);

ALTER TABLE ONLY public.unix_account ALTER COLUMN id SET DEFAULT nextval('public.unix_account_id_seq'::regclass);

ALTER TABLE ONLY public."user" ALTER COLUMN id SET DEFAULT nextval('public.user_id_seq'::regclass);

ALTER TABLE ONLY public.vlan ALTER COLUMN id SET DEFAULT nextval('public.vlan_id_seq'::regclass);

ALTER TABLE ONLY public.web_storage ALTER COLUMN id SET DEFAULT nextval('public.web_storage_id_seq'::regclass);

ALTER TABLE ONLY public.account
    ADD CONSTRAINT account_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.building
    ADD CONSTRAINT address UNIQUE (street, number);

ALTER TABLE ONLY public.bank_account
    ADD CONSTRAINT bank_account_account_id_key UNIQUE (account_id);

ALTER TABLE ONLY public.bank_account
    ADD CONSTRAINT bank_account_account_number_routing_number_key UNIQUE (account_number, routing_number);

ALTER TABLE ONLY public.bank_account_activity
    ADD CONSTRAINT bank_account_activity_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.bank_account_activity
    ADD CONSTRAINT bank_account_activity_transaction_id_account_id_key UNIQUE (transaction_id, account_id);

ALTER TABLE ONLY public.bank_account
    ADD CONSTRAINT bank_account_iban_key UNIQUE (iban);

ALTER TABLE ONLY public.bank_account
    ADD CONSTRAINT bank_account_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.building
    ADD CONSTRAINT building_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.building
    ADD CONSTRAINT building_short_name_key UNIQUE (short_name);

ALTER TABLE ONLY public.config
    ADD CONSTRAINT config_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public."group"
    ADD CONSTRAINT group_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.host
    ADD CONSTRAINT host_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.interface
    ADD CONSTRAINT interface_mac_key UNIQUE (mac);

ALTER TABLE ONLY public.interface
    ADD CONSTRAINT interface_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.ip
    ADD CONSTRAINT ip_address_key UNIQUE (address);

ALTER TABLE ONLY public.ip
    ADD CONSTRAINT ip_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.log_entry
    ADD CONSTRAINT log_entry_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.membership_fee
    ADD CONSTRAINT membership_fee_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT membership_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.nas
    ADD CONSTRAINT "nas_NASName_key" UNIQUE ("NASName");

ALTER TABLE ONLY public.nas
    ADD CONSTRAINT nas_pkey PRIMARY KEY ("Id");

ALTER TABLE ONLY public.patch_port
    ADD CONSTRAINT patch_port_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.patch_port
    ADD CONSTRAINT patch_port_switch_port_id_key UNIQUE (switch_port_id);

ALTER TABLE ONLY public.property_group
    ADD CONSTRAINT property_group_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.property
    ADD CONSTRAINT property_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.radgroupreply_base
    ADD CONSTRAINT radgroupreply_base_pkey PRIMARY KEY ("GroupName", "Attribute", "Op", "Value");

ALTER TABLE ONLY public.radius_property
    ADD CONSTRAINT radius_property_pkey PRIMARY KEY (property);

ALTER TABLE ONLY public.radreply
    ADD CONSTRAINT radreply_pkey PRIMARY KEY ("UserName", "NASIPAddress", "NASPortId", "Priority");

ALTER TABLE ONLY public.room_log_entry
    ADD CONSTRAINT room_log_entry_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.room
    ADD CONSTRAINT room_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.semester
    ADD CONSTRAINT semester_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.site
    ADD CONSTRAINT site_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.split
    ADD CONSTRAINT split_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.split
    ADD CONSTRAINT split_transaction_id_account_id_key UNIQUE (transaction_id, account_id);

ALTER TABLE ONLY public.subnet
    ADD CONSTRAINT subnet_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.switch
    ADD CONSTRAINT switch_pkey PRIMARY KEY (host_id);

ALTER TABLE ONLY public.switch_port
    ADD CONSTRAINT switch_port_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.traffic_balance
    ADD CONSTRAINT traffic_balance_pkey PRIMARY KEY (user_id);

ALTER TABLE ONLY public.traffic_credit
    ADD CONSTRAINT traffic_credit_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.traffic_group
    ADD CONSTRAINT traffic_group_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.traffic_volume
    ADD CONSTRAINT traffic_volume_pkey PRIMARY KEY (ip_id, type, "timestamp");

ALTER TABLE ONLY public.transaction
    ADD CONSTRAINT transaction_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.unix_account
    ADD CONSTRAINT unix_account_home_directory_key UNIQUE (home_directory);

ALTER TABLE ONLY public.unix_account
    ADD CONSTRAINT unix_account_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.unix_account
    ADD CONSTRAINT unix_account_uid_key UNIQUE (uid);

ALTER TABLE ONLY public.user_log_entry
    ADD CONSTRAINT user_log_entry_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public."user"
    ADD CONSTRAINT user_login_key UNIQUE (login);

ALTER TABLE ONLY public."user"
    ADD CONSTRAINT user_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public."user"
    ADD CONSTRAINT user_unix_account_id_key UNIQUE (unix_account_id);

ALTER TABLE ONLY public.vlan
    ADD CONSTRAINT vlan_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.web_storage
    ADD CONSTRAINT web_storage_pkey PRIMARY KEY (id);

CREATE INDEX ix_bank_account_activity_bank_account_id ON public.bank_account_activity USING btree (bank_account_id);

CREATE INDEX ix_building_default_traffic_group_id ON public.building USING btree (default_traffic_group_id);

CREATE INDEX ix_building_site_id ON public.building USING btree (site_id);

CREATE INDEX ix_host_owner_id ON public.host USING btree (owner_id);

CREATE INDEX ix_host_room_id ON public.host USING btree (room_id);

CREATE INDEX ix_interface_host_id ON public.interface USING btree (host_id);

CREATE INDEX ix_ip_subnet_id ON public.ip USING btree (subnet_id);

CREATE INDEX ix_log_entry_author_id ON public.log_entry USING btree (author_id);

CREATE INDEX ix_membership_begins_at ON public.membership USING btree (begins_at);

CREATE INDEX ix_membership_ends_at ON public.membership USING btree (ends_at);

CREATE INDEX ix_membership_group_id ON public.membership USING btree (group_id);

CREATE INDEX ix_membership_user_id ON public.membership USING btree (user_id);

CREATE INDEX ix_patch_port_room_id ON public.patch_port USING btree (room_id);

CREATE INDEX ix_property_property_group_id ON public.property USING btree (property_group_id);

CREATE INDEX ix_room_building_id ON public.room USING btree (building_id);

CREATE INDEX ix_room_log_entry_room_id ON public.room_log_entry USING btree (room_id);

CREATE INDEX ix_split_account_id ON public.split USING btree (account_id);

CREATE INDEX ix_subnet_vlan_id ON public.subnet USING btree (vlan_id);

CREATE INDEX ix_switch_host_id ON public.switch USING btree (host_id);

CREATE INDEX ix_switch_port_default_vlans_switch_port_id ON public.switch_port_default_vlans USING btree (switch_port_id);

CREATE INDEX ix_switch_port_default_vlans_vlan_id ON public.switch_port_default_vlans USING btree (vlan_id);

CREATE INDEX ix_switch_port_switch_id ON public.switch_port USING btree (switch_id);

CREATE INDEX ix_traffic_credit_user_id ON public.traffic_credit USING btree (user_id);

CREATE INDEX ix_traffic_volume_ip_id ON public.traffic_volume USING btree (ip_id);

CREATE INDEX ix_traffic_volume_user_id ON public.traffic_volume USING btree (user_id);

CREATE INDEX ix_transaction_valid_on ON public.transaction USING btree (valid_on);

CREATE INDEX ix_user_account_id ON public."user" USING btree (account_id);

CREATE INDEX ix_user_log_entry_user_id ON public.user_log_entry USING btree (user_id);

CREATE INDEX ix_user_room_id ON public."user" USING btree (room_id);

CREATE CONSTRAINT TRIGGER bank_account_activity_matches_referenced_split_trigger AFTER INSERT OR DELETE OR UPDATE ON public.bank_account_activity DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.bank_account_activity_matches_referenced_split();

CREATE TRIGGER pmacct_traffic_egress_insert_trigger INSTEAD OF INSERT ON public.pmacct_traffic_egress FOR EACH ROW EXECUTE FUNCTION public.pmacct_traffic_egress_insert();

CREATE TRIGGER pmacct_traffic_ingress_insert_trigger INSTEAD OF INSERT ON public.pmacct_traffic_ingress FOR EACH ROW EXECUTE FUNCTION public.pmacct_traffic_ingress_insert();

CREATE CONSTRAINT TRIGGER split_check_transaction_balanced_trigger AFTER INSERT OR DELETE OR UPDATE ON public.split DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.split_check_transaction_balanced();

ALTER TABLE ONLY public.bank_account
    ADD CONSTRAINT bank_account_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.account(id);

ALTER TABLE ONLY public.bank_account_activity
    ADD CONSTRAINT bank_account_activity_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE SET NULL;

ALTER TABLE ONLY public.bank_account_activity
    ADD CONSTRAINT bank_account_activity_bank_account_id_fkey FOREIGN KEY (bank_account_id) REFERENCES public.bank_account(id);

ALTER TABLE ONLY public.bank_account_activity
    ADD CONSTRAINT bank_account_activity_transaction_id_account_id_fkey FOREIGN KEY (transaction_id, account_id) REFERENCES public.split(transaction_id, account_id) ON UPDATE CASCADE ON DELETE SET NULL;

ALTER TABLE ONLY public.bank_account_activity
    ADD CONSTRAINT bank_account_activity_transaction_id_fkey FOREIGN KEY (transaction_id) REFERENCES public.transaction(id) ON UPDATE CASCADE ON DELETE SET NULL;

ALTER TABLE ONLY public.building
    ADD CONSTRAINT building_default_traffic_group_id_fkey FOREIGN KEY (default_traffic_group_id) REFERENCES public.traffic_group(id);

ALTER TABLE ONLY public.building
    ADD CONSTRAINT building_site_id_fkey FOREIGN KEY (site_id) REFERENCES public.site(id);

ALTER TABLE ONLY public.config
    ADD CONSTRAINT config_cache_group_id_fkey FOREIGN KEY (cache_group_id) REFERENCES public.property_group(id);

ALTER TABLE ONLY public.config
    ADD CONSTRAINT config_external_group_id_fkey FOREIGN KEY (external_group_id) REFERENCES public.property_group(id);

ALTER TABLE ONLY public.config
    ADD CONSTRAINT config_member_group_id_fkey FOREIGN KEY (member_group_id) REFERENCES public.property_group(id);

ALTER TABLE ONLY public.config
    ADD CONSTRAINT config_membership_fee_account_id_fkey FOREIGN KEY (membership_fee_account_id) REFERENCES public.account(id);

ALTER TABLE ONLY public.config
    ADD CONSTRAINT config_network_access_group_id_fkey FOREIGN KEY (network_access_group_id) REFERENCES public.property_group(id);

ALTER TABLE ONLY public.config
    ADD CONSTRAINT config_payment_in_default_group_id_fkey FOREIGN KEY (payment_in_default_group_id) REFERENCES public.property_group(id);

ALTER TABLE ONLY public.config
    ADD CONSTRAINT config_traffic_limit_exceeded_group_id_fkey FOREIGN KEY (traffic_limit_exceeded_group_id) REFERENCES public.property_group(id);

ALTER TABLE ONLY public.config
    ADD CONSTRAINT config_violation_group_id_fkey FOREIGN KEY (violation_group_id) REFERENCES public.property_group(id);

ALTER TABLE ONLY public.host
    ADD CONSTRAINT host_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public."user"(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.host
    ADD CONSTRAINT host_room_id_fkey FOREIGN KEY (room_id) REFERENCES public.room(id);

ALTER TABLE ONLY public.interface
    ADD CONSTRAINT interface_host_id_fkey FOREIGN KEY (host_id) REFERENCES public.host(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.ip
    ADD CONSTRAINT ip_interface_id_fkey FOREIGN KEY (interface_id) REFERENCES public.interface(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.ip
    ADD CONSTRAINT ip_subnet_id_fkey FOREIGN KEY (subnet_id) REFERENCES public.subnet(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.log_entry
    ADD CONSTRAINT log_entry_author_id_fkey FOREIGN KEY (author_id) REFERENCES public."user"(id);

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT membership_group_id_fkey FOREIGN KEY (group_id) REFERENCES public."group"(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT membership_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.patch_port
    ADD CONSTRAINT patch_port_room_id_fkey FOREIGN KEY (room_id) REFERENCES public.room(id);

ALTER TABLE ONLY public.patch_port
    ADD CONSTRAINT patch_port_switch_port_id_fkey FOREIGN KEY (switch_port_id) REFERENCES public.switch_port(id);

ALTER TABLE ONLY public.property_group
    ADD CONSTRAINT property_group_id_fkey FOREIGN KEY (id) REFERENCES public."group"(id);

ALTER TABLE ONLY public.property
    ADD CONSTRAINT property_property_group_id_fkey FOREIGN KEY (property_group_id) REFERENCES public.property_group(id);

ALTER TABLE ONLY public.room
    ADD CONSTRAINT room_building_id_fkey FOREIGN KEY (building_id) REFERENCES public.building(id);

ALTER TABLE ONLY public.room_log_entry
    ADD CONSTRAINT room_log_entry_id_fkey FOREIGN KEY (id) REFERENCES public.log_entry(id);

ALTER TABLE ONLY public.room_log_entry
    ADD CONSTRAINT room_log_entry_room_id_fkey FOREIGN KEY (room_id) REFERENCES public.room(id);

ALTER TABLE ONLY public.split
    ADD CONSTRAINT split_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.account(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.split
    ADD CONSTRAINT split_transaction_id_fkey FOREIGN KEY (transaction_id) REFERENCES public.transaction(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.subnet
    ADD CONSTRAINT subnet_vlan_id_fkey FOREIGN KEY (vlan_id) REFERENCES public.vlan(id);

ALTER TABLE ONLY public.switch
    ADD CONSTRAINT switch_host_id_fkey FOREIGN KEY (host_id) REFERENCES public.host(id);

ALTER TABLE ONLY public.switch_port_default_vlans
    ADD CONSTRAINT switch_port_default_vlans_switch_port_id_fkey FOREIGN KEY (switch_port_id) REFERENCES public.switch_port(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.switch_port_default_vlans
    ADD CONSTRAINT switch_port_default_vlans_vlan_id_fkey FOREIGN KEY (vlan_id) REFERENCES public.vlan(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.switch_port
    ADD CONSTRAINT switch_port_switch_id_fkey FOREIGN KEY (switch_id) REFERENCES public.switch(host_id) ON DELETE CASCADE;

ALTER TABLE ONLY public.traffic_balance
    ADD CONSTRAINT traffic_balance_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.traffic_credit
    ADD CONSTRAINT traffic_credit_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.traffic_group
    ADD CONSTRAINT traffic_group_id_fkey FOREIGN KEY (id) REFERENCES public."group"(id);

ALTER TABLE ONLY public.traffic_volume
    ADD CONSTRAINT traffic_volume_ip_id_fkey FOREIGN KEY (ip_id) REFERENCES public.ip(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.traffic_volume
    ADD CONSTRAINT traffic_volume_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.transaction
    ADD CONSTRAINT transaction_author_id_fkey FOREIGN KEY (author_id) REFERENCES public."user"(id) ON UPDATE CASCADE ON DELETE SET NULL;

ALTER TABLE ONLY public."user"
    ADD CONSTRAINT user_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.account(id);

ALTER TABLE ONLY public.user_log_entry
    ADD CONSTRAINT user_log_entry_id_fkey FOREIGN KEY (id) REFERENCES public.log_entry(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.user_log_entry
    ADD CONSTRAINT user_log_entry_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id) ON DELETE CASCADE;

ALTER TABLE ONLY public."user"
    ADD CONSTRAINT user_room_id_fkey FOREIGN KEY (room_id) REFERENCES public.room(id) ON DELETE SET NULL;

ALTER TABLE ONLY public."user"
    ADD CONSTRAINT user_unix_account_id_fkey FOREIGN KEY (unix_account_id) REFERENCES public.unix_account(id);

